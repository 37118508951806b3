package io.meridian.rtp.svc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meridian.rtp.testing.FuzzFrames;
import io.meridian.rtp.testing.GuardBytes;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz target: the AV1 RTP specification's Dependency Descriptor (§A.8), read by one stream's
 * {@link DependencyDescriptorReader} packet after packet (see {@link FuzzFrames}: each frame is one descriptor), as
 * the router reads an AV1 publisher's. AV1's layers come from it alone: the node reads nothing of the AV1 payload
 * itself. Three readers take the same descriptors, one from exact arrays and two amid guard bytes, and must agree at
 * every step, on the packet's layers and on the structure they keep; what they give is within that structure.
 */
class DependencyDescriptorFuzzTest {
    private static final int MAX_SPATIAL = 8;

    @FuzzTest
    void structureAndLayers(byte[] data) {
        List<DependencyDescriptorReader> readers = List.of(new DependencyDescriptorReader(),
                new DependencyDescriptorReader(), new DependencyDescriptorReader());
        for (byte[] descriptor : FuzzFrames.split(data)) {
            List<GuardBytes.Placement> placements = GuardBytes.placements(descriptor, 0);
            int[] exact = null;
            for (int i = 0; i < placements.size(); i++) {
                GuardBytes.Placement p = placements.get(i);
                int[] read = read(readers.get(i), p.b(), p.off(), p.len());
                if (exact == null) {
                    exact = read;
                } else {
                    GuardBytes.assertSame(exact, read, p);
                    p.assertGuardsKept();
                }
            }
        }
    }

    /** The packet's layers, then the structure's spatial layers and heights, checked against each other. */
    private static int[] read(DependencyDescriptorReader reader, byte[] b, int off, int len) {
        int info = reader.read(b, off, len);
        int spatialLayers = reader.spatialLayers();
        assertTrue(spatialLayers >= 0 && spatialLayers <= MAX_SPATIAL, spatialLayers + " spatial layers");
        if (LayerInfo.known(info)) {
            assertTrue(LayerInfo.spatial(info) < spatialLayers, "a layer outside the structure in force");
            assertTrue(!LayerInfo.keyPicture(info) || LayerInfo.startOfPicture(info), "a key picture starts one");
        }
        List<Integer> seen = new ArrayList<>(List.of(info, spatialLayers));
        for (int s = -1; s <= MAX_SPATIAL; s++) {
            int height = reader.height(s);
            assertTrue(height == -1 || height >= 1 && height <= 0x10000 && s < spatialLayers, "height " + height);
            seen.add(height);
        }
        return seen.stream().mapToInt(Integer::intValue).toArray();
    }
}
