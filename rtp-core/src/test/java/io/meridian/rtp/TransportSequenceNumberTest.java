package io.meridian.rtp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2.2) in both RFC 8285 forms. */
class TransportSequenceNumberTest {
    /** A header with one CSRC and the extension block {@code block} (its words), then two payload bytes. */
    private static byte[] packet(int profile, int... block) {
        byte[] b = new byte[12 + 4 + 4 + 4 * ((block.length + 3) / 4) + 2];
        b[0] = (byte) 0x91; // V=2, X, CC=1
        b[1] = 96;
        Bytes.put16(b, 16, profile);
        Bytes.put16(b, 18, (block.length + 3) / 4);
        for (int i = 0; i < block.length; i++) {
            b[20 + i] = (byte) block[i];
        }
        return b;
    }

    @Test
    void readsTheOneByteFormAmongOtherElementsAsChromiumSendsThem() {
        // abs-send-time (id 2, three bytes), then transport-wide sequence 0xA1B2 under id 3 (L=1), then padding.
        byte[] p = packet(0xBEDE, 0x22, 0x01, 0x02, 0x03, 0x31, 0xA1, 0xB2, 0x00);
        assertEquals(0xA1B2, TransportSequenceNumber.read(p, 0, p.length, 3));
        assertEquals(-1, TransportSequenceNumber.read(p, 0, p.length, 5), "no element 5");
        assertEquals(-1, TransportSequenceNumber.read(p, 0, p.length, 2), "element 2 is three bytes, not two");
    }

    @Test
    void readsTheTwoByteForm() {
        // RFC 8285 §4.3: padding, id 1 with 0 bytes, then id 200 with two bytes.
        byte[] p = packet(0x1000, 0x00, 0x01, 0x00, 200, 0x02, 0xFF, 0xFE);
        assertEquals(0xFFFE, TransportSequenceNumber.read(p, 0, p.length, 200));
        assertEquals(-1, TransportSequenceNumber.read(p, 0, p.length, 1));
    }

    @Test
    void findsNothingInMalformedOrForeignBlocks() {
        byte[] p = packet(0xBEDE, 0x31, 0x00, 0x07, 0x00);
        assertEquals(7, TransportSequenceNumber.read(p, 0, p.length, 3));
        assertEquals(-1, TransportSequenceNumber.read(p, 0, 20, 3), "the block does not fit");
        assertEquals(-1, TransportSequenceNumber.read(p, 0, 11, 3), "not even a header");
        byte[] reserved = packet(0xBEDE, 0xF0, 0x31, 0x00, 0x07);
        assertEquals(-1, TransportSequenceNumber.read(reserved, 0, reserved.length, 3), "RFC 8285 §4.2: id 15 ends it");
        byte[] overrun = packet(0xBEDE, 0x3F, 0x00, 0x07, 0x00);
        assertEquals(-1, TransportSequenceNumber.read(overrun, 0, overrun.length, 3), "16 bytes claimed in 4");
        byte[] foreign = packet(0xABCD, 0x31, 0x00, 0x07, 0x00);
        assertEquals(-1, TransportSequenceNumber.read(foreign, 0, foreign.length, 3), "not an RFC 8285 profile");
        byte[] plain = packet(0xBEDE, 0x31, 0x00, 0x07, 0x00);
        plain[0] = (byte) 0x81;
        assertEquals(-1, TransportSequenceNumber.read(plain, 0, plain.length, 3), "X not set");
    }
}
