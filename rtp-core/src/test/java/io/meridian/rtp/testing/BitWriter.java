package io.meridian.rtp.testing;

import java.io.ByteArrayOutputStream;

/**
 * Writes bit fields most significant first, as codec specifications' f(n) and u(n) read them, for building test
 * vectors (the AV1 Dependency Descriptor, an H.264 SPS).
 */
public final class BitWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int count;

    /** The low {@code n} bits of {@code value}. */
    public BitWriter put(int value, int n) {
        for (int i = n - 1; i >= 0; i--) {
            current = current << 1 | (value >> i) & 1;
            if (++count == 8) {
                out.write(current);
                current = 0;
                count = 0;
            }
        }
        return this;
    }

    /** ue(v), unsigned exponential-Golomb (H.264 §9.1): leading zeros, then {@code value + 1} in as many bits. */
    public BitWriter ue(int value) {
        int v = value + 1;
        int bits = 32 - Integer.numberOfLeadingZeros(v);
        return put(0, bits - 1).put(v, bits);
    }

    /** The bytes written, the last one filled up with zero bits. */
    public byte[] bytes() {
        if (count > 0) {
            out.write(current << (8 - count));
        }
        return out.toByteArray();
    }
}
