package io.meridian.rtp.testing;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Runs a reading of a fuzz input three times: on an array holding exactly the input (and any room the reading may
 * write into), so a read past its end throws, and on a slice in the middle of a larger array whose other bytes are
 * all 0x00, then all 0xFF. A parser that reads or writes outside what it was given shows it: by an exception, by a
 * result that differs between the three (arrays compared by content), or by a guard byte it changed. Readings return a value that compares
 * offsets relative to {@code off}, and what they wrote in place when they write.
 */
public final class GuardBytes {
    /** Guard bytes on each side; odd, so that no alignment hides an overrun. */
    private static final int GUARD = 13;
    private static final byte[] FILLS = {0, (byte) 0xFF};

    private GuardBytes() {
    }

    /** What a fuzz target observes of {@code b[off, off+len)}, plus {@code room} bytes after it it may write into. */
    @FunctionalInterface
    public interface Reading<T> {
        T read(byte[] b, int off, int len);
    }

    /** The reading of {@code input}, asserted the same wherever the input lies and whatever surrounds it. */
    public static <T> T sameEverywhere(byte[] input, Reading<T> reading) {
        return sameEverywhere(input, 0, reading);
    }

    /** As {@link #sameEverywhere(byte[], Reading)}, with {@code room} zero bytes after the input the reading may use. */
    public static <T> T sameEverywhere(byte[] input, int room, Reading<T> reading) {
        T exact = reading.read(Arrays.copyOf(input, input.length + room), 0, input.length);
        for (byte fill : FILLS) {
            byte[] b = new byte[GUARD + input.length + room + GUARD];
            Arrays.fill(b, fill);
            System.arraycopy(input, 0, b, GUARD, input.length);
            Arrays.fill(b, GUARD + input.length, GUARD + input.length + room, (byte) 0);
            T guarded = reading.read(b, GUARD, input.length);
            if (!Objects.deepEquals(exact, guarded)) {
                throw new AssertionError("the result depends on bytes outside the input (guard 0x"
                        + HexFormat.of().toHexDigits(fill) + "): " + Arrays.deepToString(new Object[] {exact})
                        + " alone, " + Arrays.deepToString(new Object[] {guarded}) + " amid guards");
            }
            for (int i = 0; i < b.length; i++) {
                boolean guard = i < GUARD || i >= GUARD + input.length + room;
                if (guard && b[i] != fill) {
                    throw new AssertionError("guard byte " + (i - GUARD) + " relative to the input was written");
                }
            }
        }
        return exact;
    }

    /** Bytes as hex, for readings that return what they wrote. */
    public static String hex(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }
}
