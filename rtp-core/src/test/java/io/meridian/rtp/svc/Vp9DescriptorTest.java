package io.meridian.rtp.svc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Vp9DescriptorTest {
    /**
     * What libwebrtc writes at the start of an L3T3_KEY key picture (non-flexible mode): I P=0 L F=0 B E=0 V=1;
     * PictureID 0x1234 (M=1); TID 0 U 0 SID 0 D 0; TL0PICIDX 9; SS with N_S=2, Y=1, G=0 and 320x180, 640x360,
     * 1280x720; then one payload byte.
     */
    private static final byte[] KEY_WITH_SS = {(byte) 0xAA, (byte) 0x92, 0x34, 0x00, 0x09, 0x50,
            0x01, 0x40, 0x00, (byte) 0xB4, 0x02, (byte) 0x80, 0x01, 0x68, 0x05, 0x00, 0x02, (byte) 0xD0, 0x77};
    /** The last packet of spatial layer 2's frame of a delta picture: I P L F=0 B=0 E=1; PID 5; TID 2 U SID 2 D; TL0. */
    private static final byte[] DELTA_S2_END = {(byte) 0xE4, 0x05, 0x55, 0x03, 0x11};

    @Test
    void aKeyPictureStartGivesItsLayersAndTheHeightsOfEverySpatialLayer() {
        byte[] b = KEY_WITH_SS;
        assertEquals(KEY_WITH_SS.length - 1, Vp9Descriptor.length(b, 0, b.length));
        int info = Vp9Descriptor.layerInfo(b, 0);
        assertTrue(LayerInfo.known(info));
        assertEquals(0, LayerInfo.spatial(info));
        assertEquals(0, LayerInfo.temporal(info));
        assertTrue(LayerInfo.startOfFrame(info));
        assertTrue(LayerInfo.startOfPicture(info));
        assertFalse(LayerInfo.endOfFrame(info));
        assertTrue(LayerInfo.keyPicture(info));
        assertEquals(0x1234, Vp9Descriptor.pictureId(b, 0));
        int[] heights = new int[8];
        assertEquals(3, Vp9Descriptor.spatialHeights(b, 0, heights));
        assertArrayEquals(new int[] {180, 360, 720}, java.util.Arrays.copyOf(heights, 3));
    }

    @Test
    void aDeltaPacketOfAnUpperLayerSaysSoAndEndsItsFrame() {
        byte[] b = DELTA_S2_END;
        assertEquals(4, Vp9Descriptor.length(b, 0, b.length));
        int info = Vp9Descriptor.layerInfo(b, 0);
        assertEquals(2, LayerInfo.spatial(info));
        assertEquals(2, LayerInfo.temporal(info));
        assertFalse(LayerInfo.startOfFrame(info));
        assertTrue(LayerInfo.endOfFrame(info));
        assertFalse(LayerInfo.keyPicture(info), "P = 1");
        assertEquals(5, Vp9Descriptor.pictureId(b, 0));
        assertEquals(0, Vp9Descriptor.spatialHeights(b, 0, new int[8]));
    }

    @Test
    void flexibleModeReferencesAreReadPast() {
        // I P L F B E: PID 7; TID 1 SID 1; two P_DIFFs (the first with N); payload byte.
        byte[] b = {(byte) 0xFC, 0x07, 0x22, 0x03, 0x04, 0x42};
        assertEquals(5, Vp9Descriptor.length(b, 0, b.length));
        int info = Vp9Descriptor.layerInfo(b, 0);
        assertEquals(1, LayerInfo.spatial(info));
        assertEquals(1, LayerInfo.temporal(info));
        // Four differences, or a list cut short, is not a descriptor.
        assertEquals(-1, Vp9Descriptor.length(new byte[] {(byte) 0xFC, 0x07, 0x22, 0x03, 0x03, 0x03, 0x03, 0x00}, 0, 8));
        assertEquals(-1, Vp9Descriptor.length(new byte[] {(byte) 0xFC, 0x07, 0x22, 0x03}, 0, 4));
    }

    @Test
    void withoutLayerIndicesEverythingIsTheBaseLayer() {
        byte[] b = {(byte) 0x88, 0x01, 0x00}; // I B: PID 1
        assertEquals(2, Vp9Descriptor.length(b, 0, b.length));
        int info = Vp9Descriptor.layerInfo(b, 0);
        assertEquals(0, LayerInfo.spatial(info));
        assertEquals(0, LayerInfo.temporal(info));
        assertTrue(LayerInfo.keyPicture(info));
    }

    @Test
    void everyTruncationIsRefusedWithoutReadingPastIt() {
        for (int len = 0; len < KEY_WITH_SS.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(KEY_WITH_SS, len);
            assertEquals(-1, Vp9Descriptor.length(cut, 0, len), "cut to " + len);
        }
    }
}
