package io.meridian.rtp.svc;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DependencyDescriptorReaderTest {
    @Test
    void aKeyFramesStructureGivesEveryTemplatesLayersAndTheHeights() {
        DependencyDescriptorReader reader = new DependencyDescriptorReader();
        byte[] key = DependencyDescriptors.keyFrame(10);
        int info = reader.read(key, 0, key.length);
        assertTrue(LayerInfo.known(info));
        assertEquals(0, LayerInfo.spatial(info));
        assertEquals(0, LayerInfo.temporal(info));
        assertTrue(LayerInfo.keyPicture(info));
        assertTrue(LayerInfo.startOfPicture(info));
        assertEquals(3, reader.spatialLayers());
        assertEquals(180, reader.height(0));
        assertEquals(360, reader.height(1));
        assertEquals(720, reader.height(2));
        // Later packets carry the mandatory fields alone: template 10 + 7 is S2T1, ending its frame.
        byte[] s2t1 = {(byte) (0x40 | 17), 0x01, 0x03};
        int later = reader.read(s2t1, 0, 3);
        assertEquals(2, LayerInfo.spatial(later));
        assertEquals(1, LayerInfo.temporal(later));
        assertTrue(LayerInfo.endOfFrame(later));
        assertFalse(LayerInfo.startOfFrame(later));
        assertFalse(LayerInfo.keyPicture(later));
        // Template ids wrap at 64: offset 10 + 9 templates covers 10..18 only.
        assertEquals(LayerInfo.NONE, reader.read(new byte[] {19, 0, 0}, 0, 3));
        assertEquals(LayerInfo.NONE, reader.read(new byte[] {9, 0, 0}, 0, 3));
    }

    @Test
    void withoutAStructureNoLayersAreKnown() {
        DependencyDescriptorReader reader = new DependencyDescriptorReader();
        assertEquals(LayerInfo.NONE, reader.read(new byte[] {(byte) 0x80, 0, 1}, 0, 3));
        assertEquals(LayerInfo.NONE, reader.read(new byte[] {(byte) 0x80, 0}, 0, 2));
        assertEquals(0, reader.spatialLayers());
    }

    @Test
    void aCutStructureIsRefusedAndForgetsTheOldOne() {
        DependencyDescriptorReader reader = new DependencyDescriptorReader();
        byte[] key = DependencyDescriptors.keyFrame(10);
        for (int len = 4; len < key.length - 1; len++) {
            reader.read(key, 0, key.length);
            assertEquals(LayerInfo.NONE, reader.read(key, 0, len), "cut to " + len);
            assertEquals(0, reader.spatialLayers());
        }
    }
}
