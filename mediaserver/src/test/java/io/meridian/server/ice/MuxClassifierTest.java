package io.meridian.server.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
