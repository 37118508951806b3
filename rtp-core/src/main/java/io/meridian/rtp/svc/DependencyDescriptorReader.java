package io.meridian.rtp.svc;

import java.util.Arrays;

/**
 * Reads the AV1 RTP specification's Dependency Descriptor header extension (AV1 RTP spec §A.8, "Dependency
 * Descriptor RTP Header Extension") for one stream: the mandatory fields of every packet (start and end of frame,
 * template id, frame number) and the template dependency structure that key frames carry, which says each
 * template's spatial and temporal layer and, when present, each spatial layer's resolution. A packet's layers are
 * its template's. Only what layer selection needs is kept: decode target indications, frame and chain differences
 * are read past, not stored. Loop-confined; allocates nothing after construction.
 */
public final class DependencyDescriptorReader {
    /** The extension's URI in SDP ({@code a=extmap}), as the AV1 RTP specification §A.8 names it. */
    public static final String URI =
            "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";
    /** Template ids are 6 bits (§A.8.2). */
    private static final int MAX_TEMPLATES = 64;
    private static final int MAX_LAYER = 7;
    private static final int MANDATORY_BYTES = 3;

    /** The structure in force: templates by index, or none yet ({@code templates == 0}). */
    private int templates;
    private int templateIdOffset;
    private final int[] spatialOf = new int[MAX_TEMPLATES];
    private final int[] temporalOf = new int[MAX_TEMPLATES];
    private int spatialLayers;
    /** Each spatial layer's render height, -1 when the structure does not say. */
    private final int[] heights = new int[MAX_LAYER + 1];

    /** Bit reader state over the element being read. */
    private byte[] buf;
    private int bit;
    private int endBit;
    private boolean overrun;

    public DependencyDescriptorReader() {
        Arrays.fill(heights, -1);
    }

    /**
     * The layers (see {@link LayerInfo}) of the packet whose descriptor is {@code b[off..off+len)}, taking in the
     * structure it carries; {@link LayerInfo#NONE} when it is too short, malformed, or names a template no structure
     * seen so far defines. A packet carrying a structure that starts a base layer frame starts a key picture
     * (libwebrtc attaches the structure to key frames, §A.8.3: "a new structure ... at key frames").
     */
    public int read(byte[] b, int off, int len) {
        if (len < MANDATORY_BYTES) {
            return LayerInfo.NONE;
        }
        boolean start = (b[off] & 0x80) != 0;
        boolean end = (b[off] & 0x40) != 0;
        int templateId = b[off] & 0x3F;
        boolean structure = false;
        if (len > MANDATORY_BYTES) {
            buf = b;
            bit = (off + MANDATORY_BYTES) * 8;
            endBit = (off + len) * 8;
            overrun = false;
            structure = bits(1) == 1;
            bits(4); // active decode targets present, custom DTIs, custom frame diffs, custom chains
            boolean read = !structure || readStructure();
            buf = null;
            if (!read) {
                templates = 0;
                return LayerInfo.NONE;
            }
        }
        int index = (templateId - templateIdOffset) & (MAX_TEMPLATES - 1);
        if (index >= templates) {
            return LayerInfo.NONE;
        }
        int spatial = spatialOf[index];
        return LayerInfo.of(spatial, temporalOf[index], start, end, structure && start && spatial == 0);
    }

    /** The number of spatial layers of the structure in force (0 before one was read). */
    public int spatialLayers() {
        return templates == 0 ? 0 : spatialLayers;
    }

    /** The render height of {@code spatial}, -1 when the structure does not say. */
    public int height(int spatial) {
        return spatial >= 0 && spatial <= MAX_LAYER && templates > 0 ? heights[spatial] : -1;
    }

    /** template_dependency_structure() of §A.8.2; false when malformed or cut short. */
    private boolean readStructure() {
        int offset = bits(6);
        int decodeTargets = bits(5) + 1;
        // template_layers(): each template's layers, in order; next_layer_idc says how the next one differs.
        int count = 0;
        int spatial = 0;
        int temporal = 0;
        int next;
        do {
            if (count == MAX_TEMPLATES || spatial > MAX_LAYER || temporal > MAX_LAYER) {
                return false;
            }
            spatialOf[count] = spatial;
            temporalOf[count] = temporal;
            count++;
            next = bits(2);
            if (next == 1) {
                temporal++;
            } else if (next == 2) {
                temporal = 0;
                spatial++;
            }
        } while (next != 3 && !overrun);
        skip(count * decodeTargets * 2); // template_dtis(): 2 bits per template and decode target
        for (int t = 0; t < count && !overrun; t++) { // template_fdiffs(): 4-bit diffs while a flag says one follows
            while (bits(1) == 1) {
                skip(4);
            }
        }
        int chains = ns(decodeTargets + 1); // template_chains()
        if (chains != 0) {
            for (int dt = 0; dt < decodeTargets; dt++) {
                ns(chains);
            }
            skip(count * chains * 4);
        }
        Arrays.fill(heights, -1);
        if (bits(1) == 1) { // resolutions_present_flag, then render_resolutions()
            for (int s = 0; s <= spatial; s++) {
                bits(16);
                heights[s] = bits(16) + 1;
            }
        }
        if (overrun) {
            return false;
        }
        templates = count;
        templateIdOffset = offset;
        spatialLayers = spatial + 1;
        return true;
    }

    /** f(n): the next {@code n} bits (n at most 16), most significant first; 0 past the end, noting the overrun. */
    private int bits(int n) {
        if (bit + n > endBit) {
            overrun = true;
            bit = endBit;
            return 0;
        }
        int v = 0;
        for (int i = 0; i < n; i++, bit++) {
            v = v << 1 | (buf[bit >> 3] >> (7 - (bit & 7))) & 1;
        }
        return v;
    }

    private void skip(int n) {
        if (bit + n > endBit) {
            overrun = true;
            bit = endBit;
        } else {
            bit += n;
        }
    }

    /** ns(n) of §A.8.1: a value below {@code n} in non-symmetric unsigned encoding. */
    private int ns(int n) {
        int w = 32 - Integer.numberOfLeadingZeros(n);
        int m = (1 << w) - n;
        int v = bits(w - 1);
        if (v < m) {
            return v;
        }
        return (v << 1) - m + bits(1);
    }
}
