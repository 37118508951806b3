package io.meridian.router;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.testing.LeakGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LeakGuard.class)
class ExtensionRewriteTest {
    private static final int AUDIO = 0x0A0A0A0A;

    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void closeHarness() {
        h.close();
    }
    private final RouterHarness.Peer alice = h.peer("alice");
    private final RouterHarness.Peer bob = h.peer("bob");

    /** An RTP packet with a one-byte extension block (RFC 8285 §4.2) of one word holding {@code element}. */
    private static byte[] withExtension(int seq, byte[] element) {
        byte[] b = new byte[12 + 4 + 4 + 20];
        b[0] = (byte) 0x90;
        b[1] = 111;
        Bytes.put16(b, 2, seq);
        Bytes.put32(b, 8, AUDIO);
        Bytes.put16(b, 12, 0xBEDE);
        Bytes.put16(b, 14, 1);
        System.arraycopy(element, 0, b, 16, element.length);
        return b;
    }

    @Test
    void mapsIdsForTheReceiverAndDropsAMalformedBlock() {
        h.conference.publish(alice.leg, new PublishedTrackSpec("a", TrackKind.AUDIO, AUDIO, 0));
        TrackMaps maps = TrackMaps.identity();
        maps.extensionIds()[1] = 3;
        h.conference.subscribe(bob.leg, AUDIO, maps);

        // id 1, two bytes of data: fits the block.
        alice.sendRtpBytes(withExtension(1, new byte[]{0x11, 0x55, 0x66}));
        assertEquals(1, bob.rtp().size());
        assertEquals(3, (bob.rtp().get(0)[16] >> 4) & 0xF, "the receiver's id for the extension");

        // id 1 claiming 16 bytes of data in a 4-byte block: the header is valid, the element is not.
        alice.sendRtpBytes(withExtension(2, new byte[]{0x1F, 0x55, 0x66}));
        assertEquals(1, bob.rtp().size(), "a packet with a malformed extension block is not forwarded");
        assertEquals(1, h.counters.drops(DropReason.MALFORMED_RTP));
        assertTrue(RtpPacket.hasExtension(withExtension(2, new byte[0]), 0));
    }
}
