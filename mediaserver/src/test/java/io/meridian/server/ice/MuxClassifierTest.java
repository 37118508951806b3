package io.meridian.server.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MuxClassifierTest {

    @Test
    void classifiesEveryFirstByteByRfc7983Ranges() {
        for (int b = 0; b <= 255; b++) {
            PacketKind expected;
            if (b <= 3) {
                expected = PacketKind.STUN;
            } else if (b >= 20 && b <= 63) {
                expected = PacketKind.DTLS;
            } else if (b >= 128 && b <= 191) {
                expected = PacketKind.RTP_RTCP;
            } else {
                expected = PacketKind.UNKNOWN;
            }
            assertEquals(expected, MuxClassifier.classify((byte) b), "first byte " + b);
        }
    }

    @Test
    void boundariesOfEachRange() {
        assertEquals(PacketKind.STUN, MuxClassifier.classify((byte) 0));
        assertEquals(PacketKind.STUN, MuxClassifier.classify((byte) 3));
        assertEquals(PacketKind.UNKNOWN, MuxClassifier.classify((byte) 4));
        assertEquals(PacketKind.UNKNOWN, MuxClassifier.classify((byte) 19));
        assertEquals(PacketKind.DTLS, MuxClassifier.classify((byte) 20));
        assertEquals(PacketKind.DTLS, MuxClassifier.classify((byte) 63));
        assertEquals(PacketKind.UNKNOWN, MuxClassifier.classify((byte) 64));
        assertEquals(PacketKind.UNKNOWN, MuxClassifier.classify((byte) 127));
        assertEquals(PacketKind.RTP_RTCP, MuxClassifier.classify((byte) 128));
        assertEquals(PacketKind.RTP_RTCP, MuxClassifier.classify((byte) 191));
        assertEquals(PacketKind.UNKNOWN, MuxClassifier.classify((byte) 192));
        assertEquals(PacketKind.UNKNOWN, MuxClassifier.classify((byte) 255));
    }

    @Test
    void rtcpPacketTypesAreSecondBytes192To223() {
        assertFalse(MuxClassifier.isRtcp((byte) 191));
        assertTrue(MuxClassifier.isRtcp((byte) 192));
        assertTrue(MuxClassifier.isRtcp((byte) 200)); // SR
        assertTrue(MuxClassifier.isRtcp((byte) 201)); // RR
        assertTrue(MuxClassifier.isRtcp((byte) 223));
        assertFalse(MuxClassifier.isRtcp((byte) 224));
        // RTP: marker bit set with payload type 111 (Opus) is 0xEF, marker clear with 96 is 0x60.
        assertFalse(MuxClassifier.isRtcp((byte) 0xEF));
        assertFalse(MuxClassifier.isRtcp((byte) 0x60));
    }
}
