package io.meridian.rtp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RembTest {
    @Test
    void writesTheDraftsLayoutAndReadsItBack() {
        byte[] b = new byte[32];
        int len = Remb.write(b, 0, 0x01020304, 1_000_000, new int[] {0x0A0B0C0D, 0x11121314}, 2);
        assertEquals(28, len);
        assertEquals(0x80 | 15, b[0] & 0xFF, "V=2, FMT=15");
        assertEquals(RtcpPacket.PSFB, b[1] & 0xFF);
        assertEquals(6, Bytes.u16(b, 2), "length in words minus one");
        assertEquals(0, Bytes.i32(b, 8), "draft-alvestrand-rmcat-remb-03 §2.2: media SSRC 0");
        assertEquals("REMB", new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(2, b[16]);
        // 1,000,000 = 250,000 x 2^2: exponent 2, mantissa 250,000 (18 bits).
        assertEquals((2 << 18) | 250_000, (Bytes.u16(b, 17) << 8) | (b[19] & 0xFF));
        assertTrue(Remb.is(b, 0, len));
        assertEquals(1_000_000, Remb.bitrate(b, 0));
        assertEquals(0x11121314, Remb.ssrc(b, 0, 1));
    }

    @Test
    void largeRatesLoseOnlyLowBitsAndMalformedOnesAreRefused() {
        byte[] b = new byte[24];
        int len = Remb.write(b, 0, 1, 5_000_000_000L, new int[] {7}, 1);
        long back = Remb.bitrate(b, 0);
        assertTrue(back <= 5_000_000_000L && back > 5_000_000_000L - (1L << 15), "within the mantissa's precision");
        b[16] = 9; // names nine SSRCs in room for one
        assertFalse(Remb.is(b, 0, len));
    }

    @Test
    void absSendTimeIsSixPointEighteenSeconds() {
        assertEquals(1_000_000_000L, AbsSendTime.toNanos(1 << 18));
        assertEquals(63_999_996_185L, AbsSendTime.toNanos(0xFFFFFF));
        byte[] p = new byte[20];
        p[0] = (byte) 0x90;
        Bytes.put16(p, 12, 0xBEDE);
        Bytes.put16(p, 14, 1);
        p[16] = (byte) ((5 << 4) | 2); // id 5, 3 bytes
        p[17] = 0x12;
        p[18] = 0x34;
        p[19] = 0x56;
        assertEquals(0x123456, AbsSendTime.read(p, 0, p.length, 5));
        assertEquals(-1, AbsSendTime.read(p, 0, p.length, 4));
    }
}
