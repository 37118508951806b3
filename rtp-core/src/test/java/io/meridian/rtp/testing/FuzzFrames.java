package io.meridian.rtp.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a fuzz target that takes several packets reads them out of one input: each is preceded by its length in two
 * bytes, big-endian (as RFC 4571 frames are, so that seed files are easy to write); the last one takes what is left
 * when its length says more.
 */
public final class FuzzFrames {
    private FuzzFrames() {
    }

    /** The packets of {@code data}, in order. */
    public static List<byte[]> split(byte[] data) {
        List<byte[]> frames = new ArrayList<>();
        int p = 0;
        while (p + 2 <= data.length) {
            int length = (data[p] & 0xFF) << 8 | (data[p + 1] & 0xFF);
            int start = p + 2;
            int end = Math.min(data.length, start + length);
            frames.add(Arrays.copyOfRange(data, start, end));
            p = end;
        }
        return frames;
    }
}
