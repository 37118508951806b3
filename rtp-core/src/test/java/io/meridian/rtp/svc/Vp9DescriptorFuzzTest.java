package io.meridian.rtp.svc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meridian.rtp.testing.GuardBytes;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target: the VP9 payload descriptor (RFC 9628 §4.2) with its scalability structure (§4.2.1), as the router
 * reads it for each packet of a VP9 SVC stream. Its accessors read only what {@link Vp9Descriptor#length} vouched
 * for, and the layers and heights they give are in range and agree with the descriptor's flags.
 */
class Vp9DescriptorFuzzTest {
    private static final int B = 0x08;
    private static final int E = 0x04;

    @FuzzTest
    void descriptor(byte[] payload) {
        int[] fields = GuardBytes.sameEverywhere(payload, Vp9DescriptorFuzzTest::fields);
        int length = fields[0];
        if (length < 0) {
            return;
        }
        byte[] changed = payload.clone();
        for (int i = length; i < changed.length; i++) {
            changed[i] ^= (byte) 0xFF;
        }
        assertArrayEquals(fields, fields(changed, 0, changed.length), "the fields depend on bytes after the descriptor");
    }

    /** The length, the packed layers, the PictureID and the spatial layers' heights, checked to be in range. */
    private static int[] fields(byte[] b, int off, int len) {
        int length = Vp9Descriptor.length(b, off, len);
        if (length < 0) {
            return new int[] {length};
        }
        assertTrue(length >= 1 && length < len, "a descriptor of " + length + " bytes in " + len);
        int info = Vp9Descriptor.layerInfo(b, off);
        assertTrue(LayerInfo.known(info), "the layers of a valid descriptor are known");
        assertEquals((b[off] & B) != 0, LayerInfo.startOfFrame(info), "B starts a layer frame");
        assertEquals((b[off] & E) != 0, LayerInfo.endOfFrame(info), "E ends a layer frame");
        assertTrue(!LayerInfo.keyPicture(info) || LayerInfo.startOfPicture(info), "a key picture starts a picture");
        int pictureId = Vp9Descriptor.pictureId(b, off);
        assertTrue(pictureId >= -1 && pictureId <= 0x7FFF, "PictureID " + pictureId);
        int[] heights = new int[Vp9Descriptor.MAX_SPATIAL_LAYERS];
        Arrays.fill(heights, -1);
        int layers = Vp9Descriptor.spatialHeights(b, off, heights);
        assertTrue(layers >= 0 && layers <= Vp9Descriptor.MAX_SPATIAL_LAYERS, layers + " spatial layers");
        for (int i = 0; i < heights.length; i++) {
            assertTrue(i < layers ? heights[i] >= 0 && heights[i] <= 0xFFFF : heights[i] == -1, "height " + i);
        }
        int[] fields = new int[3 + heights.length];
        fields[0] = length;
        fields[1] = info;
        fields[2] = pictureId;
        System.arraycopy(heights, 0, fields, 3, heights.length);
        return fields;
    }
}
