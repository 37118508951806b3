package io.meridian.server.node;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import io.meridian.server.transport.TransportCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * RFC 8445 §7.3 / RFC 7675: media is accepted only from an address that passed an ICE check; a correctly encrypted
 * packet from any other address is dropped and counted, never forwarded.
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class UncheckedAddressTest {
    private RunningNode node;

    @BeforeEach
    void start() throws Exception {
        node = RunningNode.start();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void validSrtpFromUncheckedSocketIsIgnoredAndCounted() {
        TestPeer[] pair = node.pair("unchecked", "sender", "receiver");
        TestPeer sender = pair[0];
        TestPeer receiver = pair[1];
        long ssrc = sender.identity().videoSsrc();
        sender.sendUntilReceived(receiver, ssrc, 1, PeerSdp.VP8_PT, "flowing");

        TransportCounters counters = node.server.transportCounters();
        long before = counters.unverifiedSource();
        int sequence = 20_000;
        InetSocketAddress from = sender.sendUnchecked(
                sender.protectRtp(ssrc, sequence, PeerSdp.VP8_PT, "from an unchecked address"));
        assertNotEquals(sender.mediaAddress(), from);

        Poll.until("the node counts a datagram from an unverified source",
                () -> counters.unverifiedSource() > before ? null : "unverifiedSource still " + before);
        sender.sendUntilReceived(receiver, ssrc, sequence + 1, PeerSdp.VP8_PT, "from the checked address");

        assertFalse(receiver.received().hasSequence(ssrc, sequence), "a packet from an unchecked address was forwarded");
        assertFalse(receiver.received().rtp(ssrc).stream()
                .anyMatch(p -> p.payloadText().equals("from an unchecked address")));
    }
}
