package io.meridian.router;

import java.util.Arrays;

/** The RTX payload type of each primary payload type of a track, and back (RFC 4588 §8.6 {@code apt}); -1 = none. */
public final class RtxPayloadTypes {
    public static final RtxPayloadTypes NONE = new RtxPayloadTypes();

    private final byte[] rtxOf = new byte[128];
    private final byte[] primaryOf = new byte[128];

    private RtxPayloadTypes() {
        Arrays.fill(rtxOf, (byte) -1);
        Arrays.fill(primaryOf, (byte) -1);
    }

    /** A table with the pairs {@code pairs[i][0]} (primary) and {@code pairs[i][1]} (its RTX), each 0..127. */
    public static RtxPayloadTypes of(int[][] pairs) {
        RtxPayloadTypes t = new RtxPayloadTypes();
        for (int[] pair : pairs) {
            if (pair[0] >= 0 && pair[0] < 128 && pair[1] >= 0 && pair[1] < 128) {
                t.rtxOf[pair[0]] = (byte) pair[1];
                t.primaryOf[pair[1]] = (byte) pair[0];
            }
        }
        return t;
    }

    /** The RTX payload type repairing primary payload type {@code pt}, or -1. */
    public int rtxOf(int pt) {
        return rtxOf[pt & 0x7F];
    }

    /** The primary payload type an RTX payload type {@code pt} repairs, or -1. */
    public int primaryOf(int pt) {
        return primaryOf[pt & 0x7F];
    }
}
