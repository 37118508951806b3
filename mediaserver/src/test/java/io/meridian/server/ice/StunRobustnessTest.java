package io.meridian.server.ice;

import static io.meridian.server.ice.StunFixtures.CLIENT_UFRAG;
import static io.meridian.server.ice.StunFixtures.CREDENTIALS;
import static io.meridian.server.ice.StunFixtures.SERVER_PWD;
import static io.meridian.server.ice.StunFixtures.SERVER_UFRAG;
import static io.meridian.server.ice.StunFixtures.lookupOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.meridian.client.StunClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Hostile input: nothing a sender puts in a datagram may throw out of the responder or be accepted without the
 * password. Seeded, so a failure reproduces.
 */
class StunRobustnessTest {

    private static final long SEED = 0x5EED_1CE5L;

    private final IceLiteResponder responder = new IceLiteResponder(lookupOf(CREDENTIALS));
    private final StunClient client = new StunClient(SERVER_UFRAG, SERVER_PWD, CLIENT_UFRAG);
    private final InetSocketAddress from = new InetSocketAddress(InetAddress.getLoopbackAddress(), 6000);

    @Test
    void randomDatagramsNeverThrowNorAuthenticate() {
        Random random = new Random(SEED);
        for (int i = 0; i < 10_000; i++) {
            byte[] datagram = new byte[random.nextInt(600)];
            random.nextBytes(datagram);
            assertRefused(datagram, 0, datagram.length, "random datagram " + i);
        }
    }

    /** Random attributes behind a valid header, so that ice4j's attribute decoder is what gets exercised. */
    @Test
    void randomBodiesBehindAValidHeaderNeverThrowNorAuthenticate() {
        Random random = new Random(SEED);
        for (int i = 0; i < 10_000; i++) {
            int bodyLength = 4 * random.nextInt(100);
            byte[] datagram = new byte[20 + bodyLength];
            random.nextBytes(datagram);
            datagram[0] = 0x00;
            datagram[1] = 0x01;
            datagram[2] = (byte) (bodyLength >> 8);
            datagram[3] = (byte) bodyLength;
            datagram[4] = 0x21;
            datagram[5] = 0x12;
            datagram[6] = (byte) 0xA4;
            datagram[7] = 0x42;
            if (bodyLength >= 4) {
                // A plausible first attribute type with an arbitrary, often huge, length.
                datagram[20] = 0x00;
                datagram[21] = (byte) (1 + random.nextInt(0x30));
            }
            assertRefused(datagram, 0, datagram.length, "random body " + i);
        }
    }

    @Test
    void everyTruncationOfAValidRequestIsRefused() {
        byte[] request = client.bindingRequest(100, true).bytes();
        assertEquals(StunStatus.OK, responder.handle(request, 0, request.length, from).status());
        for (int len = 0; len < request.length; len++) {
            assertRefused(request, 0, len, "truncated to " + len);
        }
    }

    @Test
    void truncationsWithAPatchedLengthFieldAreRefused() {
        byte[] request = client.bindingRequest(100, true).bytes();
        for (int len = 20; len < request.length; len += 4) {
            byte[] truncated = Arrays.copyOf(request, len);
            truncated[2] = (byte) ((len - 20) >> 8);
            truncated[3] = (byte) (len - 20);
            assertRefused(truncated, 0, len, "truncated with consistent length to " + len);
        }
    }

    @Test
    void everySingleBitFlipOfAValidRequestIsRefused() {
        byte[] request = client.bindingRequest(100, true).bytes();
        for (int bit = 0; bit < request.length * 8; bit++) {
            byte[] flipped = request.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertRefused(flipped, 0, flipped.length, "bit " + bit + " flipped");
        }
    }

    @Test
    void outOfRangeOffsetsAndLengthsAreMalformed() {
        byte[] request = client.bindingRequest(100, true).bytes();
        assertEquals(StunStatus.MALFORMED, responder.handle(request, -1, request.length, from).status());
        assertEquals(StunStatus.MALFORMED, responder.handle(request, 1, request.length, from).status());
        assertEquals(StunStatus.MALFORMED, responder.handle(request, 0, request.length + 1, from).status());
        assertEquals(StunStatus.MALFORMED, responder.handle(request, 0, -5, from).status());
        assertEquals(StunStatus.MALFORMED, responder.handle(request, Integer.MAX_VALUE, 40, from).status());
        assertEquals(StunStatus.MALFORMED, responder.handle(null, 0, 0, from).status());
    }

    private void assertRefused(byte[] buf, int off, int len, String what) {
        StunOutcome outcome = responder.handle(buf, off, len, from);
        assertNotEquals(StunStatus.OK, outcome.status(), what);
        assertNotEquals(StunStatus.ROLE_CONFLICT, outcome.status(), what);
        assertFalse(outcome.useCandidate(), what);
    }
}
