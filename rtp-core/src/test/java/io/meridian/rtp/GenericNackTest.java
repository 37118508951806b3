package io.meridian.rtp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GenericNackTest {
    private static List<Integer> lost(byte[] b, int len) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < GenericNack.fciCount(len); i++) {
            GenericNack.forEachLost(b, 0, i, out::add);
        }
        return out;
    }

    @Test
    void readsPidAndBitmaskAsRfc4585Says() {
        // PID 1000, BLP 0b101: 1000, 1001 (bit 0) and 1003 (bit 2), RFC 4585 §6.2.1.
        byte[] b = {(byte) 0x81, (byte) 205, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0x03, (byte) 0xE8, 0x00, 0x05};
        assertEquals(List.of(1000, 1001, 1003), lost(b, b.length));
        assertEquals(1, GenericNack.fciCount(b.length));
    }

    @Test
    void writesOneWordPerSeventeenAndReadsBackTheSameAcrossAWrap() {
        int[] seqs = {65_530, 65_531, 65_535, 0, 10, 11, 40};
        byte[] b = new byte[GenericNack.HEADER_LENGTH + seqs.length * 4];
        int len = GenericNack.write(b, 0, 7, 9, seqs, seqs.length);
        assertEquals(GenericNack.HEADER_LENGTH + 3 * 4, len, "65530 covers up to 10; 11 starts a word; 40 another");
        assertEquals(List.of(65_530, 65_531, 65_535, 0, 10, 11, 40), lost(b, len));
        assertEquals(RtcpPacket.RTPFB, RtcpPacket.packetType(b, 0));
        assertEquals(RtcpPacket.FMT_NACK, RtcpPacket.count(b, 0));
        assertEquals(9, RtcpPacket.mediaSsrc(b, 0));
        assertEquals(len, RtcpPacket.lengthBytes(b, 0));
    }
}
