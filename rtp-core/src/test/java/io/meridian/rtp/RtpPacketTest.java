package io.meridian.rtp;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpPacketTest {

    /** V=2, X=1, CC=0, M=1 PT=96, seq 0x1234, ts 0xDEADBEEF, ssrc 0x01020304, one-byte extension block. */
    private static byte[] packetWithExtensions() {
        return new byte[]{
                (byte) 0x90, (byte) 0xE0, 0x12, 0x34,
                (byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF,
                0x01, 0x02, 0x03, 0x04,
                (byte) 0xBE, (byte) 0xDE, 0x00, 0x02,
                0x10, (byte) 0xAA, 0x32, 0x01, 0x02, 0x03, 0x00, 0x00,
                0x55, 0x66};
    }

    @Test
    void readsHeaderFields() {
        byte[] p = packetWithExtensions();
        assertEquals(2, RtpPacket.version(p, 0));
        assertTrue(RtpPacket.marker(p, 0));
        assertEquals(96, RtpPacket.payloadType(p, 0));
        assertEquals(0x1234, RtpPacket.sequence(p, 0));
        assertEquals(0xDEADBEEFL, RtpPacket.timestamp(p, 0));
        assertEquals(0x01020304, RtpPacket.ssrc(p, 0));
        assertEquals(24, RtpPacket.headerLength(p, 0, p.length));
    }

    @Test
    void writesFieldsInPlaceKeepingMarker() {
        byte[] p = packetWithExtensions();
        RtpPacket.setPayloadType(p, 0, 111);
        RtpPacket.setSequence(p, 0, 65535);
        RtpPacket.setSsrc(p, 0, 0xCAFEBABE);
        assertEquals(111, RtpPacket.payloadType(p, 0));
        assertTrue(RtpPacket.marker(p, 0));
        assertEquals(65535, RtpPacket.sequence(p, 0));
        assertEquals(0xCAFEBABE, RtpPacket.ssrc(p, 0));
    }

    @Test
    void rejectsTruncatedAndWrongVersion() {
        byte[] p = packetWithExtensions();
        assertEquals(-1, RtpPacket.headerLength(p, 0, 11));
        assertEquals(-1, RtpPacket.headerLength(p, 0, 20));
        p[0] = 0x50;
        assertEquals(-1, RtpPacket.headerLength(p, 0, p.length));
    }

    @Test
    void paddingBitNeedsPaddingAfterTheHeader() {
        byte[] p = {(byte) 0xA0, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9, 9, 0, 0, 3};
        assertTrue(RtpPacket.paddingFits(p, 0, p.length, 12), "3 bytes of padding after 2 of payload");
        p[16] = 5;
        assertTrue(RtpPacket.paddingFits(p, 0, p.length, 12), "all after the header is padding");
        p[16] = 6;
        assertFalse(RtpPacket.paddingFits(p, 0, p.length, 12), "padding reaching into the header");
        assertEquals(12, RtpPacket.headerLength(p, 0, p.length), "which the header alone does not tell");
        p[16] = 0;
        assertFalse(RtpPacket.paddingFits(p, 0, p.length, 12), "a count of 0 (it counts itself)");
        assertFalse(RtpPacket.paddingFits(p, 0, 12, 12), "P set with nothing after the header");
        p[0] = (byte) 0x80;
        assertTrue(RtpPacket.paddingFits(p, 0, p.length, 12), "no P, no padding");
    }

    @Test
    void remapsAndStripsOneByteExtensions() {
        byte[] p = packetWithExtensions();
        byte[] map = new byte[256];
        map[1] = 5;
        map[3] = 0;
        assertTrue(RtpPacket.remapExtensions(p, 0, p.length, map));
        assertEquals(0x50, p[16] & 0xFF);
        assertEquals(0xAA, p[17] & 0xFF);
        assertArrayEquals(new byte[]{0, 0, 0, 0}, java.util.Arrays.copyOfRange(p, 18, 22));
        assertEquals(0x55, p[24] & 0xFF);
    }

    @Test
    void remapsTwoByteExtensions() {
        byte[] p = {(byte) 0x90, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1,
                0x10, 0x00, 0x00, 0x01, 20, 2, 7, 8};
        byte[] map = new byte[256];
        map[20] = 30;
        assertTrue(RtpPacket.remapExtensions(p, 0, p.length, map));
        assertEquals(30, p[16]);
        map[30] = 0;
        assertTrue(RtpPacket.remapExtensions(p, 0, p.length, map));
        assertArrayEquals(new byte[]{0, 0, 0, 0}, java.util.Arrays.copyOfRange(p, 16, 20));
    }

    @Test
    void malformedExtensionBlocksAreRejectedNotThrown() {
        byte[] p = packetWithExtensions();
        p[16] = (byte) 0x1F;
        assertFalse(RtpPacket.remapExtensions(p, 0, p.length, new byte[256]));
        Random random = new Random(7);
        byte[] map = new byte[256];
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            int h = RtpPacket.headerLength(junk, 0, junk.length);
            if (h >= 0) {
                RtpPacket.remapExtensions(junk, 0, junk.length, map);
            }
        }
    }
}
