package io.meridian.rtp.svc;

import io.meridian.rtp.Bytes;

/**
 * The VP9 payload descriptor (RFC 9628 §4.2) at the start of an RTP payload, read in place:
 * <pre>
 *      +-+-+-+-+-+-+-+-+
 *      |I|P|L|F|B|E|V|Z| (REQUIRED)
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PICTURE ID  | (a second byte when M = 1: 15 bits)
 *      +-+-+-+-+-+-+-+-+
 * L:   |  TID  |U| SID |D| (then TL0PICIDX, one byte, when F = 0)
 *      +-+-+-+-+-+-+-+-+
 * P,F: | P_DIFF      |N| (up to 3 times; N: another follows)
 *      +-+-+-+-+-+-+-+-+
 * V:   | SS            | (the scalability structure, §4.2.1)
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 * {@link #length} checks a payload once; the other methods read only what it vouched for, so callers validate first
 * and never read past the payload.
 */
public final class Vp9Descriptor {
    private static final int I = 0x80;
    private static final int P = 0x40;
    private static final int L = 0x20;
    private static final int F = 0x10;
    private static final int B = 0x08;
    private static final int E = 0x04;
    private static final int V = 0x02;
    private static final int M = 0x80;
    /** The largest number of spatial layers the SS can describe (N_S is 3 bits: layers minus one). */
    public static final int MAX_SPATIAL_LAYERS = 8;

    private Vp9Descriptor() {
    }

    /**
     * The descriptor's length in bytes, or -1 when {@code b[off..off+len)} is not a VP9 payload: the descriptor,
     * with its scalability structure, does not fit or leaves no payload byte after it.
     */
    public static int length(byte[] b, int off, int len) {
        if (len < 2) {
            return -1;
        }
        int flags = b[off];
        int n = 1;
        if ((flags & I) != 0) {
            if (n >= len) {
                return -1;
            }
            n += (b[off + n] & M) != 0 ? 2 : 1;
        }
        if ((flags & L) != 0) {
            n += (flags & F) != 0 ? 1 : 2;
        }
        if ((flags & (P | F)) == (P | F)) {
            // Up to three reference differences, each saying whether another follows (§4.2: N).
            for (int refs = 0; ; refs++) {
                if (n >= len || refs == 3) {
                    return -1;
                }
                if ((b[off + n++] & 0x01) == 0) {
                    break;
                }
            }
        }
        if ((flags & V) != 0) {
            n = scalabilityStructureEnd(b, off, len, n);
        }
        return n >= 0 && n < len ? n : -1;
    }

    /** Where the SS starting at {@code off + at} ends (relative to {@code off}), or -1 when it does not fit. */
    private static int scalabilityStructureEnd(byte[] b, int off, int len, int at) {
        if (at >= len) {
            return -1;
        }
        int ss = b[off + at] & 0xFF;
        int layers = (ss >> 5) + 1;
        int n = at + 1;
        if ((ss & 0x10) != 0) { // Y: a width and a height per spatial layer
            n += 4 * layers;
        }
        if ((ss & 0x08) != 0) { // G: a picture group description
            if (n >= len) {
                return -1;
            }
            int pictures = b[off + n++] & 0xFF;
            for (int i = 0; i < pictures; i++) {
                if (n >= len) {
                    return -1;
                }
                n += 1 + ((b[off + n] >> 2) & 0x03); // R reference differences follow
            }
        }
        return n <= len ? n : -1;
    }

    /**
     * The packet's layers (see {@link LayerInfo}) from a descriptor {@link #length} accepted. Without layer indices
     * the stream has one layer: spatial and temporal 0. A key picture starts where the first spatial layer's frame
     * starts without inter-picture prediction (P = 0).
     */
    public static int layerInfo(byte[] b, int off) {
        int flags = b[off];
        int spatial = 0;
        int temporal = 0;
        if ((flags & L) != 0) {
            int layers = b[off + layerIndicesAt(b, off)] & 0xFF;
            temporal = layers >> 5;
            spatial = (layers >> 1) & 0x07;
        }
        boolean start = (flags & B) != 0;
        return LayerInfo.of(spatial, temporal, start, (flags & E) != 0, start && spatial == 0 && (flags & P) == 0);
    }

    /** The PictureID (7 or 15 bits), or -1 when there is none. */
    public static int pictureId(byte[] b, int off) {
        if ((b[off] & I) == 0) {
            return -1;
        }
        return (b[off + 1] & M) != 0 ? Bytes.u16(b, off + 1) & 0x7FFF : b[off + 1] & 0x7F;
    }

    /**
     * Writes each spatial layer's frame height from the scalability structure into {@code heights} (lowest layer
     * first) and returns how many; 0 when the descriptor carries none (V = 0, or Y = 0).
     */
    public static int spatialHeights(byte[] b, int off, int[] heights) {
        int flags = b[off];
        if ((flags & V) == 0) {
            return 0;
        }
        int at = 1;
        if ((flags & I) != 0) {
            at += (b[off + 1] & M) != 0 ? 2 : 1;
        }
        if ((flags & L) != 0) {
            at += (flags & F) != 0 ? 1 : 2;
        }
        if ((flags & (P | F)) == (P | F)) {
            while ((b[off + at++] & 0x01) != 0) {
                // reference differences, each saying whether another follows
            }
        }
        int ss = b[off + at] & 0xFF;
        if ((ss & 0x10) == 0) {
            return 0;
        }
        int layers = Math.min((ss >> 5) + 1, heights.length);
        for (int i = 0; i < layers; i++) {
            heights[i] = Bytes.u16(b, off + at + 1 + 4 * i + 2);
        }
        return layers;
    }

    private static int layerIndicesAt(byte[] b, int off) {
        return (b[off] & I) == 0 ? 1 : (b[off + 1] & M) != 0 ? 3 : 2;
    }
}
