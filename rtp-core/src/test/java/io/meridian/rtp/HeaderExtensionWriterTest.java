package io.meridian.rtp;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Adding a header-extension element to a packet that lacks it (RFC 8285 §4.2, §4.3), byte by byte. */
class HeaderExtensionWriterTest {
    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5, 6, 7};

    /** A packet: fixed header (X as given), then {@code block} (the extension block, if any), then PAYLOAD. */
    private static byte[] packet(byte[] block) {
        byte[] b = new byte[64];
        b[0] = (byte) (block.length > 0 ? 0x90 : 0x80);
        b[1] = 96;
        Bytes.put16(b, 2, 1000);
        Bytes.put32(b, 8, 0x11223344);
        System.arraycopy(block, 0, b, 12, block.length);
        System.arraycopy(PAYLOAD, 0, b, 12 + block.length, PAYLOAD.length);
        return b;
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void aPacketWithoutABlockGetsAOneByteBlockAndItsPayloadMovesBack() {
        byte[] b = packet(new byte[0]);
        int len = HeaderExtensionWriter.add(b, 0, 12 + PAYLOAD.length, 64, 3, 2);
        assertEquals(12 + 8 + PAYLOAD.length, len);
        assertTrue(RtpPacket.hasExtension(b, 0));
        assertArrayEquals(bytes(0xBE, 0xDE, 0, 1, 0x31, 0, 0, 0), Arrays.copyOfRange(b, 12, 20),
                "0xBEDE, one word: id 3, length 2 (L = 1), two zero bytes, a byte of padding");
        assertEquals(17, RtpPacket.extensionData(b, 0, len, 3, 2));
        assertArrayEquals(PAYLOAD, Arrays.copyOfRange(b, 20, len));
        assertEquals(20, RtpPacket.headerLength(b, 0, len));
    }

    @Test
    void anIdAboveFourteenNeedsTheTwoByteForm() {
        byte[] b = packet(new byte[0]);
        int len = HeaderExtensionWriter.add(b, 0, 12 + PAYLOAD.length, 64, 20, 2);
        assertArrayEquals(bytes(0x10, 0x00, 0, 1, 20, 2, 0, 0), Arrays.copyOfRange(b, 12, 20));
        assertEquals(18, RtpPacket.extensionData(b, 0, len, 20, 2));
    }

    @Test
    void paddingInTheBlockTakesTheElementWithoutGrowing() {
        // abs-send-time (id 2, 3 bytes) blanked into padding by the id rewrite, then audio level (id 1, 1 byte).
        byte[] block = bytes(0xBE, 0xDE, 0, 2, 0x10, 0x7F, 0, 0, 0, 0, 0, 0);
        byte[] b = packet(block);
        int len = HeaderExtensionWriter.add(b, 0, 12 + block.length + PAYLOAD.length, 64, 3, 2);
        assertEquals(12 + block.length + PAYLOAD.length, len, "room in the block");
        assertArrayEquals(bytes(0xBE, 0xDE, 0, 2, 0x10, 0x7F, 0x31, 0, 0, 0, 0, 0), Arrays.copyOfRange(b, 12, 24));
        assertEquals(0x7F, b[RtpPacket.extensionData(b, 0, len, 1, 1)], "the element before it is untouched");
        assertArrayEquals(PAYLOAD, Arrays.copyOfRange(b, 24, len));
    }

    @Test
    void aFullBlockGrowsByAWordAndRtpPaddingStaysAtTheEnd() {
        byte[] block = bytes(0xBE, 0xDE, 0, 1, 0x22, 1, 2, 3); // abs-send-time fills the word
        byte[] b = packet(block);
        b[0] |= 0x20; // P: the payload's last byte counts padding (RFC 3550 §5.1)
        int len0 = 12 + block.length + PAYLOAD.length;
        int len = HeaderExtensionWriter.add(b, 0, len0, 64, 3, 2);
        assertEquals(len0 + 4, len);
        assertArrayEquals(bytes(0xBE, 0xDE, 0, 2, 0x22, 1, 2, 3, 0x31, 0, 0, 0), Arrays.copyOfRange(b, 12, 24));
        assertArrayEquals(PAYLOAD, Arrays.copyOfRange(b, 24, len), "the payload and its padding, moved");
        assertEquals(24, RtpPacket.headerLength(b, 0, len));
    }

    @Test
    void anElementAlreadyThereOrNoRoomOrAMalformedBlockChangesNothing() {
        byte[] block = bytes(0xBE, 0xDE, 0, 1, 0x31, 0x12, 0x34, 0);
        byte[] b = packet(block);
        int len0 = 12 + block.length + PAYLOAD.length;
        assertEquals(len0, HeaderExtensionWriter.add(b, 0, len0, 64, 3, 2), "there already");
        assertEquals(-1, HeaderExtensionWriter.add(b, 0, len0, 64, 3, 4), "there with another size");
        byte[] bare = packet(new byte[0]);
        byte[] before = bare.clone();
        assertEquals(-1, HeaderExtensionWriter.add(bare, 0, 19, 26, 3, 2), "no room for the block");
        assertArrayEquals(before, bare);
        byte[] reserved = packet(bytes(0xBE, 0xDE, 0, 1, 0xF0, 0, 0, 0));
        assertEquals(-1, HeaderExtensionWriter.add(reserved, 0, 12 + 8 + PAYLOAD.length, 64, 3, 2),
                "RFC 8285 §4.2: id 15 stops processing");
        byte[] oneByte = packet(bytes(0xBE, 0xDE, 0, 1, 0x10, 0x7F, 0, 0));
        assertEquals(-1, HeaderExtensionWriter.add(oneByte, 0, 12 + 8 + PAYLOAD.length, 64, 20, 2),
                "a one-byte block cannot hold id 20");
    }
}
