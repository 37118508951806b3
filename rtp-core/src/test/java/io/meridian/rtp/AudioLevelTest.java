package io.meridian.rtp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RFC 6464 audio level element in both RFC 8285 forms, among others, and where it is not. */
class AudioLevelTest {
    /** Chromium's audio extension ids (sdp's ChromiumOffers): 1 audio level, 2 abs-send-time, 3 transport-cc, 4 mid. */
    private static final int LEVEL_ID = 1;

    /** A header with {@code csrcs} CSRCs, the extension block {@code block} padded to words, 3 payload bytes. */
    private static byte[] packet(int csrcs, int profile, int... block) {
        int words = (block.length + 3) / 4;
        int ext = 12 + 4 * csrcs;
        byte[] b = new byte[ext + 4 + 4 * words + 3];
        b[0] = (byte) (0x90 | csrcs); // V=2, X
        b[1] = 111; // Opus in Chromium's offer
        Bytes.put16(b, ext, profile);
        Bytes.put16(b, ext + 2, words);
        for (int i = 0; i < block.length; i++) {
            b[ext + 4 + i] = (byte) block[i];
        }
        return b;
    }

    @Test
    void readsTheLevelAndTheVoiceFlagAmongTheElementsChromiumSendsOnAudio() {
        // What Chromium's audio packets carry, in its order: id 1 audio level (L=0) with V set and level 37 (0xA5),
        // id 2 abs-send-time (L=2), id 3 transport-wide sequence (L=1), id 4 mid "0" (L=0), one byte of padding.
        byte[] p = packet(0, 0xBEDE, 0x10, 0xA5, 0x22, 0x0E, 0x5C, 0x6B, 0x31, 0x03, 0x7A, 0x40, '0', 0x00);
        assertEquals(0xA5, AudioLevel.read(p, 0, p.length, LEVEL_ID));
        assertEquals(37, AudioLevel.level(p, 0, p.length, LEVEL_ID));
        assertTrue(AudioLevel.voice(p, 0, p.length, LEVEL_ID));
        assertEquals(-1, AudioLevel.level(p, 0, p.length, 2), "abs-send-time is three bytes, not an audio level");
        assertEquals(-1, AudioLevel.level(p, 0, p.length, 5), "no element 5");
        assertFalse(AudioLevel.voice(p, 0, p.length, 5));
        // The same element last in the block, after a CSRC (the header length moves the block) and with V clear.
        byte[] q = packet(1, 0xBEDE, 0x31, 0x03, 0x7A, 0x10, 0x7F);
        assertEquals(127, AudioLevel.level(q, 0, q.length, LEVEL_ID));
        assertFalse(AudioLevel.voice(q, 0, q.length, LEVEL_ID));
    }

    @Test
    void readsTheTwoByteForm() {
        // RFC 6464 §3 figure 2: ID, len=1, the V/level byte, a padding byte; here behind padding and another element.
        byte[] p = packet(0, 0x1000, 0x00, 0x03, 0x02, 0x03, 0x7A, 200, 0x01, 0x80, 0x00);
        assertEquals(0, AudioLevel.level(p, 0, p.length, 200), "the loudest level");
        assertTrue(AudioLevel.voice(p, 0, p.length, 200));
        assertEquals(-1, AudioLevel.level(p, 0, p.length, 3), "element 3 is two bytes");
    }

    @Test
    void refusesElementsOfAnotherLengthAndMalformedBlocks() {
        byte[] twoBytes = packet(0, 0xBEDE, 0x11, 0x85, 0x00);
        assertEquals(-1, AudioLevel.read(twoBytes, 0, twoBytes.length, LEVEL_ID), "L=1 is two bytes: not RFC 6464");
        byte[] empty = packet(0, 0x1000, LEVEL_ID, 0x00);
        assertEquals(-1, AudioLevel.read(empty, 0, empty.length, LEVEL_ID), "two-byte form, no data");
        byte[] p = packet(0, 0xBEDE, 0x10, 0x85);
        assertEquals(5, AudioLevel.level(p, 0, p.length, LEVEL_ID));
        assertEquals(-1, AudioLevel.level(p, 0, 18, LEVEL_ID), "the block does not fit");
        byte[] reserved = packet(0, 0xBEDE, 0xF0, 0x10, 0x85);
        assertEquals(-1, AudioLevel.level(reserved, 0, reserved.length, LEVEL_ID), "RFC 8285 §4.2: id 15 ends it");
        byte[] plain = packet(0, 0xBEDE, 0x10, 0x85);
        plain[0] = (byte) 0x80;
        assertEquals(-1, AudioLevel.level(plain, 0, plain.length, LEVEL_ID), "X not set");
        assertEquals(-1, AudioLevel.levelOf(-1));
        assertFalse(AudioLevel.voiceOf(-1));
    }

    @Test
    void readsAtAnOffsetInALargerBuffer() {
        byte[] p = packet(0, 0xBEDE, 0x10, 0x9E);
        byte[] buf = new byte[p.length + 10];
        System.arraycopy(p, 0, buf, 7, p.length);
        assertEquals(30, AudioLevel.level(buf, 7, p.length, LEVEL_ID));
        assertTrue(AudioLevel.voice(buf, 7, p.length, LEVEL_ID));
    }

    /**
     * The captured Chromium packets (src/test/resources/chromium) hold no audio RTP; the one RTP packet with an
     * extension block is video RTX with ids 2 and 3. Under Chromium's audio-level id it finds nothing, and its
     * three-byte abs-send-time element is not taken for a level.
     */
    @Test
    void findsNoLevelInChromiumsCapturedVideoPacket() throws IOException {
        byte[] p;
        try (InputStream in = AudioLevelTest.class.getResourceAsStream("/chromium/rtx-osn-8308.bin")) {
            assertNotNull(in);
            p = in.readAllBytes();
        }
        assertEquals(-1, AudioLevel.read(p, 0, p.length, LEVEL_ID));
        assertEquals(-1, AudioLevel.read(p, 0, p.length, 2));
    }
}
