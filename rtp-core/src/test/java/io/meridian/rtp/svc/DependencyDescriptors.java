package io.meridian.rtp.svc;

import io.meridian.rtp.testing.BitWriter;

/** Dependency Descriptors as libwebrtc writes them, for tests (here and in the router's, through the test-jar). */
public final class DependencyDescriptors {
    private DependencyDescriptors() {
    }

    /**
     * A key frame's first packet in the L3T3_KEY shape libwebrtc uses: template id offset 10, nine decode targets,
     * templates laid out S0T0 S0T1 S0T2 | S1T0 S1T1 S1T2 | S2T0 S2T1 S2T2, one chain per spatial layer, and render
     * resolutions 320x180, 640x360, 1280x720. The packet itself uses template {@code templateId}.
     */
    public static byte[] keyFrame(int templateId) {
        BitWriter bits = new BitWriter();
        bits.put(1, 1).put(0, 1).put(templateId, 6).put(0x0102, 16); // start, not end, template, frame number
        bits.put(1, 1).put(0, 4); // structure present; no active targets, no custom fields
        bits.put(10, 6).put(8, 5); // template id offset, dt_cnt_minus_one
        int[] idc = {1, 1, 2, 1, 1, 2, 1, 1, 3};
        for (int i : idc) {
            bits.put(i, 2);
        }
        for (int t = 0; t < 9; t++) { // template_dtis: 2 bits each
            bits.put(0x2AAAA, 18);
        }
        for (int t = 0; t < 9; t++) { // one frame diff of 1 for all but the first
            if (t > 0) {
                bits.put(1, 1).put(0, 4);
            }
            bits.put(0, 1);
        }
        // chain_cnt = ns(10) = 3: w = 4, m = 6, value 3 < 6 is written in 3 bits.
        bits.put(3, 3);
        for (int dt = 0; dt < 9; dt++) { // protected_by = ns(3) = dt / 3: w = 2, m = 1; 0 -> "0", 1 -> "10", 2 -> "11"
            int v = dt / 3;
            if (v == 0) {
                bits.put(0, 1);
            } else {
                bits.put(1, 1).put(v - 1, 1);
            }
        }
        bits.put(0, 9 * 3 * 4); // template_chain_fdiff
        bits.put(1, 1); // resolutions present
        bits.put(319, 16).put(179, 16).put(639, 16).put(359, 16).put(1279, 16).put(719, 16);
        return bits.bytes();
    }

    /** A packet's descriptor without a structure: its frame's template (offset 10 + layer index) and edges. */
    public static byte[] delta(int spatial, int temporal, boolean start, boolean end, int frameNumber) {
        int templateId = 10 + spatial * 3 + temporal;
        return new byte[] {(byte) ((start ? 0x80 : 0) | (end ? 0x40 : 0) | templateId), (byte) (frameNumber >> 8),
                (byte) frameNumber};
    }
}
