package io.meridian.rtp.vp8;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Vp8DescriptorTest {
    /** X=0 S=1 PID=0, then the VP8 payload header's first byte with P=0 (RFC 7741 §4.3): a key frame starts. */
    private static final byte[] PLAIN_KEY = {0x10, 0x00};
    /** X=1 S=1; I; M=0 PictureID 5; payload byte P=1: a delta frame starts. */
    private static final byte[] PICTURE_ID_7 = {(byte) 0x90, (byte) 0x80, 0x05, 0x01};
    /** X=1 S=1; I; M=1 PictureID 0x1123; payload byte P=0. */
    private static final byte[] PICTURE_ID_15 = {(byte) 0x90, (byte) 0x80, (byte) 0x91, 0x23, 0x00};
    /** X=1 S=0 PID=0; I L; M=1 PictureID 256; TL0PICIDX 42; payload byte 0x00 (not a payload header: S=0). */
    private static final byte[] WITH_TL0 = {(byte) 0x80, (byte) 0xC0, (byte) 0x81, 0x00, 0x2A, 0x00};
    /** X=1 S=1; I L T K; PictureID 0x7FFF; TL0PICIDX 7; TID 2, Y 1, KEYIDX 21 (0b10_1_10101); payload P=0. */
    private static final byte[] FULL = {(byte) 0x90, (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, 0x07, (byte) 0xB5, 0x00};

    @Test
    void aDescriptorWithoutExtensionIsOneByte() {
        byte[] b = PLAIN_KEY.clone();
        assertEquals(1, Vp8Descriptor.length(b, 0, b.length));
        assertFalse(Vp8Descriptor.hasExtension(b, 0));
        assertTrue(Vp8Descriptor.startOfPartition(b, 0));
        assertEquals(0, Vp8Descriptor.partitionIndex(b, 0));
        assertTrue(Vp8Descriptor.isStartOfFrame(b, 0));
        assertTrue(Vp8Descriptor.isKeyFrame(b, 0, 1), "S=1, PID=0, P=0");
        assertFalse(Vp8Descriptor.hasPictureId(b, 0));
        assertEquals(-1, Vp8Descriptor.pictureId(b, 0));
        assertFalse(Vp8Descriptor.hasTl0PicIdx(b, 0));
        assertEquals(-1, Vp8Descriptor.tl0PicIdx(b, 0));
        assertFalse(Vp8Descriptor.hasTid(b, 0));
        assertEquals(0, Vp8Descriptor.tid(b, 0), "no TID: all base layer");
        assertFalse(Vp8Descriptor.layerSync(b, 0));
        assertFalse(Vp8Descriptor.hasKeyIdx(b, 0));
        assertEquals(-1, Vp8Descriptor.keyIdx(b, 0));
    }

    @Test
    void aSevenBitPictureIdIsOneByteAfterTheExtensionByte() {
        byte[] b = PICTURE_ID_7.clone();
        assertEquals(3, Vp8Descriptor.length(b, 0, b.length));
        assertTrue(Vp8Descriptor.hasExtension(b, 0));
        assertTrue(Vp8Descriptor.hasPictureId(b, 0));
        assertFalse(Vp8Descriptor.pictureIdIs15Bit(b, 0));
        assertEquals(5, Vp8Descriptor.pictureId(b, 0));
        assertTrue(Vp8Descriptor.isStartOfFrame(b, 0));
        assertFalse(Vp8Descriptor.isKeyFrame(b, 0, 3), "P=1: an inter frame");
        assertFalse(Vp8Descriptor.hasTl0PicIdx(b, 0));
        assertFalse(Vp8Descriptor.hasTid(b, 0));
        assertFalse(Vp8Descriptor.hasKeyIdx(b, 0));
    }

    @Test
    void aFifteenBitPictureIdTakesTwoBytesBehindTheMBit() {
        byte[] b = PICTURE_ID_15.clone();
        assertEquals(4, Vp8Descriptor.length(b, 0, b.length));
        assertTrue(Vp8Descriptor.pictureIdIs15Bit(b, 0));
        assertEquals(0x1123, Vp8Descriptor.pictureId(b, 0));
        assertTrue(Vp8Descriptor.isKeyFrame(b, 0, 4));
    }

    @Test
    void tl0PicIdxFollowsThePictureIdAndAContinuationIsNoKeyFrame() {
        byte[] b = WITH_TL0.clone();
        assertEquals(5, Vp8Descriptor.length(b, 0, b.length));
        assertEquals(256, Vp8Descriptor.pictureId(b, 0));
        assertTrue(Vp8Descriptor.hasTl0PicIdx(b, 0));
        assertEquals(42, Vp8Descriptor.tl0PicIdx(b, 0));
        assertFalse(Vp8Descriptor.isStartOfFrame(b, 0));
        assertFalse(Vp8Descriptor.isKeyFrame(b, 0, 5), "S=0: the byte after the descriptor is no payload header");
    }

    @Test
    void everyOptionalFieldMakesTheLongestDescriptor() {
        byte[] b = FULL.clone();
        assertEquals(Vp8Descriptor.MAX_LENGTH, Vp8Descriptor.length(b, 0, b.length));
        assertEquals(0x7FFF, Vp8Descriptor.pictureId(b, 0));
        assertEquals(7, Vp8Descriptor.tl0PicIdx(b, 0));
        assertTrue(Vp8Descriptor.hasTid(b, 0));
        assertEquals(2, Vp8Descriptor.tid(b, 0));
        assertTrue(Vp8Descriptor.layerSync(b, 0));
        assertTrue(Vp8Descriptor.hasKeyIdx(b, 0));
        assertEquals(21, Vp8Descriptor.keyIdx(b, 0));
        assertTrue(Vp8Descriptor.isKeyFrame(b, 0, 6));
    }

    @Test
    void kAloneBringsTheTidByteButNoTidAndTAloneNoKeyIdx() {
        // X; K only; TID bits 3, Y 1, KEYIDX 5 (0b11_1_00101): TID and Y are to be ignored without T.
        byte[] k = {(byte) 0x80, 0x10, (byte) 0xE5, 0x00};
        assertEquals(3, Vp8Descriptor.length(k, 0, k.length));
        assertFalse(Vp8Descriptor.hasTid(k, 0));
        assertEquals(0, Vp8Descriptor.tid(k, 0));
        assertFalse(Vp8Descriptor.layerSync(k, 0));
        assertEquals(5, Vp8Descriptor.keyIdx(k, 0));
        // X; T only; TID 1, Y 0, KEYIDX bits 31 (0b01_0_11111): KEYIDX is to be ignored without K.
        byte[] t = {(byte) 0x80, 0x20, 0x5F, 0x00};
        assertEquals(3, Vp8Descriptor.length(t, 0, t.length));
        assertEquals(1, Vp8Descriptor.tid(t, 0));
        assertFalse(Vp8Descriptor.layerSync(t, 0));
        assertFalse(Vp8Descriptor.hasKeyIdx(t, 0));
        assertEquals(-1, Vp8Descriptor.keyIdx(t, 0));
        assertFalse(Vp8Descriptor.setKeyIdx(t, 0, 3));
        assertArrayEquals(new byte[] {(byte) 0x80, 0x20, 0x5F, 0x00}, t);
    }

    @Test
    void laterPartitionsAndNonReferenceFramesAreNoFrameStart() {
        // S=1 PID=3: the start of the fourth partition, not of the frame; its first byte is partition data.
        byte[] b = {0x13, 0x00};
        assertEquals(3, Vp8Descriptor.partitionIndex(b, 0));
        assertTrue(Vp8Descriptor.startOfPartition(b, 0));
        assertFalse(Vp8Descriptor.isStartOfFrame(b, 0));
        assertFalse(Vp8Descriptor.isKeyFrame(b, 0, 1));
        byte[] n = {0x30, 0x01};
        assertTrue(Vp8Descriptor.nonReference(n, 0));
        assertTrue(Vp8Descriptor.isStartOfFrame(n, 0));
    }

    @Test
    void aDescriptorCutShortAtAnyByteOrWithoutPayloadIsInvalid() {
        for (byte[] whole : new byte[][] {PLAIN_KEY, PICTURE_ID_7, PICTURE_ID_15, WITH_TL0, FULL}) {
            for (int cut = 0; cut < whole.length; cut++) {
                // An array of exactly the cut length: reading one byte too far would throw.
                byte[] b = Arrays.copyOf(whole, cut);
                assertEquals(-1, Vp8Descriptor.length(b, 0, cut), Arrays.toString(whole) + " cut to " + cut);
            }
            assertEquals(whole.length - 1, Vp8Descriptor.length(whole, 0, whole.length));
        }
    }

    @Test
    void readsAtAnOffsetWithinAPacket() {
        byte[] b = new byte[12 + FULL.length];
        Arrays.fill(b, 0, 12, (byte) 0xFF);
        System.arraycopy(FULL, 0, b, 12, FULL.length);
        assertEquals(6, Vp8Descriptor.length(b, 12, FULL.length));
        assertEquals(-1, Vp8Descriptor.length(b, 12, FULL.length - 1));
        assertEquals(0x7FFF, Vp8Descriptor.pictureId(b, 12));
        assertEquals(7, Vp8Descriptor.tl0PicIdx(b, 12));
        assertEquals(21, Vp8Descriptor.keyIdx(b, 12));
    }

    @Test
    void writersChangeTheirFieldAndNothingElse() {
        byte[] b = FULL.clone();
        assertTrue(Vp8Descriptor.setPictureId(b, 0, 0x1234));
        assertTrue(Vp8Descriptor.setTl0PicIdx(b, 0, 300));
        assertTrue(Vp8Descriptor.setKeyIdx(b, 0, 33));
        // M stays set; 300 mod 2^8 = 44; 33 mod 2^5 = 1 behind TID 2 and Y (0b10_1_00001).
        assertArrayEquals(new byte[] {(byte) 0x90, (byte) 0xF0, (byte) 0x92, 0x34, 0x2C, (byte) 0xA1, 0x00}, b);
        assertEquals(0x1234, Vp8Descriptor.pictureId(b, 0));
        assertEquals(44, Vp8Descriptor.tl0PicIdx(b, 0));
        assertEquals(1, Vp8Descriptor.keyIdx(b, 0));
        assertEquals(2, Vp8Descriptor.tid(b, 0));
        assertTrue(Vp8Descriptor.layerSync(b, 0));

        assertTrue(Vp8Descriptor.setPictureId(b, 0, 0xFFFF));
        assertEquals(0x7FFF, Vp8Descriptor.pictureId(b, 0), "PictureID is 15 bits, mod 2^15");
        assertEquals(0xFF, b[2] & 0xFF, "the M bit survives");
    }

    @Test
    void aSevenBitPictureIdKeepsItsWidthAndTakesTheLowSevenBits() {
        byte[] b = PICTURE_ID_7.clone();
        assertTrue(Vp8Descriptor.setPictureId(b, 0, 200));
        // 200 does not fit 7 bits: the field gets 200 mod 2^7 = 72, M stays 0, the length stays 3.
        assertArrayEquals(new byte[] {(byte) 0x90, (byte) 0x80, 0x48, 0x01}, b);
        assertEquals(72, Vp8Descriptor.pictureId(b, 0));
        assertEquals(3, Vp8Descriptor.length(b, 0, b.length));
    }

    @Test
    void writingAFieldTheDescriptorLacksWritesNothing() {
        byte[] b = PICTURE_ID_7.clone();
        assertFalse(Vp8Descriptor.setTl0PicIdx(b, 0, 9));
        assertFalse(Vp8Descriptor.setKeyIdx(b, 0, 9));
        byte[] plain = PLAIN_KEY.clone();
        assertFalse(Vp8Descriptor.setPictureId(plain, 0, 9));
        assertArrayEquals(PICTURE_ID_7, b);
        assertArrayEquals(PLAIN_KEY, plain);
    }
}
