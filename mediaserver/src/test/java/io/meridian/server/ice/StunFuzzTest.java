package io.meridian.server.ice;

import static io.meridian.server.ice.StunFixtures.CREDENTIALS;
import static io.meridian.server.ice.StunFixtures.RFC5769_PWD;
import static io.meridian.server.ice.StunFixtures.lookupOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meridian.client.StunClient;
import io.meridian.rtp.testing.GuardBytes;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.ice4j.StunException;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.message.Message;

/**
 * Fuzz target: a STUN datagram (RFC 8489) at the ICE-lite responder, as the media port hands it every datagram whose
 * first byte says STUN. Each input goes in twice: as it is, and re-signed with the password of the user it names
 * (its attributes up to any MESSAGE-INTEGRITY, then a right MESSAGE-INTEGRITY and FINGERPRINT, see
 * {@link StunOracle}), so that the fuzzer reaches what comes after authentication. The responder decides the same
 * wherever the datagram lies in memory; it answers exactly the statuses that call for an answer, with a response
 * to the request's transaction and a right FINGERPRINT; it accepts only a request whose MESSAGE-INTEGRITY an HMAC
 * computed without ice4j verifies, signs what it accepts, and refuses for integrity only what that HMAC refuses.
 */
class StunFuzzTest {
    private static final IceCredentials RFC5769 = new IceCredentials("evtj", RFC5769_PWD, "h6vY", "rfc5769");
    private static final Map<String, IceCredentials> BY_UFRAG =
            Map.of(CREDENTIALS.localUfrag(), CREDENTIALS, RFC5769.localUfrag(), RFC5769);
    private static final Set<StunStatus> SILENT =
            EnumSet.of(StunStatus.MALFORMED, StunStatus.INDICATION, StunStatus.NOT_A_REQUEST);
    private static final Map<StunStatus, Integer> ERROR_CODES = Map.of(StunStatus.ROLE_CONFLICT, 487,
            StunStatus.BAD_REQUEST, 400, StunStatus.UNKNOWN_USER, 401, StunStatus.WRONG_REMOTE_UFRAG, 401,
            StunStatus.BAD_INTEGRITY, 401);
    private static final int BINDING_SUCCESS = 0x0101;
    private static final int BINDING_ERROR = 0x0111;

    private final IceLiteResponder responder = new IceLiteResponder(lookupOf(CREDENTIALS, RFC5769));
    private final InetSocketAddress from;

    StunFuzzTest() throws UnknownHostException {
        from = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, 7}), 50123);
    }

    @FuzzTest
    void datagram(byte[] data) {
        check(data);
        String name = StunOracle.username(data);
        IceCredentials named = name == null ? null : BY_UFRAG.get(name.substring(0, Math.max(0, name.indexOf(':'))));
        byte[] signed = StunOracle.signed(data, (named != null ? named : CREDENTIALS).localPwd());
        if (signed != null) {
            check(signed);
        }
    }

    private void check(byte[] datagram) {
        Object[] outcome = GuardBytes.sameEverywhere(datagram, (b, off, len) -> {
            StunOutcome o = responder.handle(b, off, len, from);
            return new Object[] {o.status(), o.response(), o.useCandidate(), o.owner()};
        });
        StunStatus status = (StunStatus) outcome[0];
        byte[] response = (byte[]) outcome[1];
        boolean nominated = (boolean) outcome[2];
        assertEquals(SILENT.contains(status), response == null, status + " and a response");
        assertTrue(!nominated || status == StunStatus.OK, "a nomination with " + status);
        if (status == StunStatus.OK || status == StunStatus.ROLE_CONFLICT) {
            IceCredentials owner = BY_UFRAG.values().stream().filter(c -> c.owner() == outcome[3]).findFirst()
                    .orElseThrow(() -> new AssertionError(status + " without the owner of a known session"));
            assertTrue(StunOracle.integrityVerifies(datagram, owner.localPwd()), status + " of a request whose "
                    + "MESSAGE-INTEGRITY does not verify with " + owner.localUfrag() + "'s password");
            assertTrue(StunOracle.integrityVerifies(response, owner.localPwd()), "the answer to an authenticated "
                    + "request is signed with the same password");
        } else {
            assertEquals(null, outcome[3], "an owner with " + status);
        }
        if (status == StunStatus.BAD_INTEGRITY) {
            IceCredentials named = BY_UFRAG.get(usernameAsDecoded(datagram).split(":", 2)[0]);
            assertFalse(StunOracle.integrityVerifies(datagram, named.localPwd()),
                    "refused for its integrity a request whose MESSAGE-INTEGRITY verifies");
        }
        if (response != null) {
            assertResponse(datagram, status, response, outcome[3]);
        }
    }

    /** A response to the request's transaction, of the class its status says, with a right FINGERPRINT. */
    private void assertResponse(byte[] request, StunStatus status, byte[] response, Object owner) {
        assertTrue(StunOracle.endsWithValidFingerprint(response), "a response without a right FINGERPRINT");
        assertArrayEquals(Arrays.copyOfRange(request, 8, StunOracle.HEADER),
                Arrays.copyOfRange(response, 8, StunOracle.HEADER), "the response's transaction id");
        Message decoded = decode(response);
        int type = decoded.getMessageType();
        if (status == StunStatus.OK) {
            assertEquals(BINDING_SUCCESS, type, "an OK check gets a Binding success response");
            IceCredentials c = BY_UFRAG.values().stream().filter(x -> x.owner() == owner).findFirst().orElseThrow();
            StunClient client = new StunClient(c.localUfrag(), c.localPwd(), c.remoteUfrag());
            assertEquals(Optional.of(from), client.mappedAddress(response, 0, response.length,
                    Arrays.copyOfRange(request, 8, StunOracle.HEADER)), "XOR-MAPPED-ADDRESS is the sender's");
        } else {
            assertEquals(BINDING_ERROR, type, status + " gets a Binding error response");
            ErrorCodeAttribute error = (ErrorCodeAttribute) decoded.getAttribute(Attribute.ERROR_CODE);
            assertEquals(ERROR_CODES.get(status), (int) error.getErrorCode(), "the error code of " + status);
        }
    }

    /** The USERNAME the responder went by (ice4j's reading of the request). */
    private static String usernameAsDecoded(byte[] request) {
        UsernameAttribute username = (UsernameAttribute) decode(request).getAttribute(Attribute.USERNAME);
        return new String(username.getUsername(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Message decode(byte[] bytes) {
        try {
            return Message.decode(bytes, 0, bytes.length);
        } catch (StunException e) {
            throw new AssertionError("a message the responder read or wrote does not decode", e);
        }
    }
}
