package io.meridian.rtp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RtcpPacketTest {

    @Test
    void writesPliPerRfc4585() {
        byte[] b = new byte[12];
        assertEquals(12, RtcpPacket.writePli(b, 0, 0x11111111, 0x22222222));
        assertEquals(0x81, b[0] & 0xFF);
        assertEquals(RtcpPacket.PSFB, RtcpPacket.packetType(b, 0));
        assertEquals(12, RtcpPacket.validate(b, 0, 12));
        assertEquals(0x11111111, RtcpPacket.senderSsrc(b, 0));
        assertEquals(0x22222222, RtcpPacket.mediaSsrc(b, 0));
    }

    @Test
    void writesFirWithTargetInFci() {
        byte[] b = new byte[20];
        RtcpPacket.writeFir(b, 0, 1, 0x0A0B0C0D, 9);
        assertEquals(20, RtcpPacket.validate(b, 0, 20));
        assertEquals(RtcpPacket.FMT_FIR, RtcpPacket.count(b, 0));
        assertEquals(0x0A0B0C0D, Bytes.i32(b, 12));
        assertEquals(9, b[16]);
    }

    @Test
    void receiverReportLengthMatchesBlocks() {
        byte[] b = new byte[8 + 2 * 24];
        RtcpPacket.writeRrHeader(b, 0, 5, 2);
        RtcpPacket.writeReportBlock(b, 8, 7, 25, -3, 70000, 12, 0x1234, 0x10000);
        assertEquals(b.length, RtcpPacket.validate(b, 0, b.length));
        assertEquals(2, RtcpPacket.count(b, 0));
        assertEquals(25, b[12] & 0xFF);
        assertEquals(0xFFFFFD, ((b[13] & 0xFF) << 16) | Bytes.u16(b, 14));
    }

    @Test
    void validateRejectsOverlongAndBadVersion() {
        byte[] b = new byte[12];
        RtcpPacket.writePli(b, 0, 1, 2);
        assertEquals(-1, RtcpPacket.validate(b, 0, 8));
        b[0] = 0x41;
        assertEquals(-1, RtcpPacket.validate(b, 0, 12));
        assertEquals(-1, RtcpPacket.validate(b, 0, 3));
    }
}
