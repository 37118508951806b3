package io.meridian.client;

import io.meridian.rtp.GenericNack;
import io.meridian.rtp.RtcpPacket;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkLossTest {
    private static final int VP8 = 96;
    private static final int RTX = 97;

    private final List<List<Integer>> nacks = new ArrayList<>();
    private final List<Integer> nackedSsrcs = new ArrayList<>();

    private LinkLoss link(double fraction) {
        return new LinkLoss(fraction, VP8, (plain, len) -> {
            assertEquals(205, RtcpPacket.packetType(plain, 0), "an RTPFB");
            assertEquals(1, RtcpPacket.count(plain, 0), "FMT 1, Generic NACK");
            List<Integer> lost = new ArrayList<>();
            for (int i = 0; i < GenericNack.fciCount(len); i++) {
                GenericNack.forEachLost(plain, 0, i, lost::add);
            }
            nacks.add(lost);
            nackedSsrcs.add((int) io.meridian.rtp.Bytes.u32(plain, 8));
        }, 42);
    }

    private static byte[] rtp(int pt, int ssrc, int sequence) {
        byte[] b = new byte[20];
        b[0] = (byte) 0x80;
        b[1] = (byte) pt;
        b[2] = (byte) (sequence >> 8);
        b[3] = (byte) sequence;
        b[8] = (byte) (ssrc >>> 24);
        b[9] = (byte) (ssrc >>> 16);
        b[10] = (byte) (ssrc >>> 8);
        b[11] = (byte) ssrc;
        return b;
    }

    @Test
    void aGapInVideoIsNackedOnceWithEveryMissingSequenceNumberAcrossTheWrap() {
        LinkLoss link = link(0);
        link.onRtp(rtp(VP8, 7, 65533), 20);
        link.onRtp(rtp(VP8, 7, 1), 20); // 65534, 65535, 0 lost
        link.onRtp(rtp(VP8, 7, 2), 20);

        assertEquals(List.of(List.of(65534, 65535, 0)), nacks);
        assertEquals(List.of(7), nackedSsrcs);
        assertEquals(3, link.nacked());
    }

    @Test
    void retransmissionsOlderPacketsOtherPayloadTypesAndHugeJumpsAreNotNacked() {
        LinkLoss link = link(0);
        link.onRtp(rtp(VP8, 7, 100), 20);
        link.onRtp(rtp(VP8, 7, 99), 20); // late or retransmitted
        link.onRtp(rtp(RTX, 8, 5), 20); // the RTX stream is not tracked
        link.onRtp(rtp(111, 9, 1), 20);
        link.onRtp(rtp(111, 9, 5), 20); // audio is not NACKed
        link.onRtp(rtp(VP8, 7, 1000), 20); // a jump, not loss

        assertEquals(List.of(), nacks);
    }

    @Test
    void dropsAboutTheAskedShareAndRepeatsWithTheSameSeed() {
        LinkLoss first = link(0.05);
        LinkLoss second = link(0.05);
        int dropped = 0;
        for (int i = 0; i < 100_000; i++) {
            boolean a = first.drops();
            assertEquals(a, second.drops());
            dropped += a ? 1 : 0;
        }
        assertTrue(dropped > 4_000 && dropped < 6_000, dropped + " of 100,000");
        assertEquals(dropped, first.dropped());
        assertThrows(IllegalArgumentException.class, () -> link(1.5));
    }
}
