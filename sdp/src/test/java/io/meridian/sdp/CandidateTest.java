package io.meridian.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateTest {

    @Test
    void hostPriorityFollowsRfc8445AndPrefersIpv6() {
        assertEquals((126L << 24) + (65534L << 8) + 255, new Candidate("198.51.100.7", 3478).priority());
        assertEquals((126L << 24) + (65535L << 8) + 255, new Candidate("2001:db8::7", 3478).priority());
    }

    @Test
    void foundationDependsOnTheAddressOnly() {
        assertEquals(new Candidate("198.51.100.7", 1).foundation(), new Candidate("198.51.100.7", 2).foundation());
        assertNotEquals(new Candidate("198.51.100.7", 1).foundation(), new Candidate("198.51.100.8", 1).foundation());
        assertTrue(new Candidate("::1", 9).attributeValue().matches("\\d{1,10} 1 udp 2130706431 ::1 9 typ host"));
    }

    @Test
    void aTcpCandidateIsPassiveAndRanksBelowEveryUdpOne() {
        Candidate tcp = new Candidate("198.51.100.7", 4443, true);
        assertEquals((126L << 24) + (((4L << 13) + 8190) << 8) + 255, tcp.priority(), "RFC 6544 §4.2");
        assertTrue(tcp.priority() < new Candidate("198.51.100.7", 3478).priority());
        assertNotEquals(new Candidate("198.51.100.7", 1).foundation(), tcp.foundation(), "another transport");
        assertTrue(tcp.attributeValue().matches("\\d{1,10} 1 tcp \\d+ 198\\.51\\.100\\.7 4443 typ host tcptype passive"),
                tcp.attributeValue());
    }

    @Test
    void refusesHostNamesAndBadPorts() {
        assertThrows(IllegalArgumentException.class, () -> new Candidate("media.example.com", 3478));
        assertThrows(IllegalArgumentException.class, () -> new Candidate("256.1.1.1", 3478));
        assertThrows(IllegalArgumentException.class, () -> new Candidate("198.51.100.7", 0));
        assertThrows(IllegalArgumentException.class, () -> new Candidate("198.51.100.7", 70000));
    }

    @Test
    void localTransportChecksItsParts() {
        IceParameters ice = IceParameters.random();
        assertTrue(IceParameters.valid(ice.ufrag(), 4) && IceParameters.valid(ice.pwd(), 22));
        List<Candidate> one = List.of(new Candidate("198.51.100.7", 3478));
        assertThrows(IllegalArgumentException.class, () -> new LocalTransport(ice, "AB:CD", one));
        assertThrows(IllegalArgumentException.class,
                () -> new LocalTransport(ice, JoinAnswerTest.SERVER_FINGERPRINT, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new IceParameters("ab", "short"));
        String lower = JoinAnswerTest.SERVER_FINGERPRINT.toLowerCase();
        assertEquals(JoinAnswerTest.SERVER_FINGERPRINT, new LocalTransport(ice, lower, one).fingerprintSha256());
    }
}
