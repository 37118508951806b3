package io.meridian.rtp.testing;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Runs a reading of a fuzz input three times: on an array holding exactly the input (and any room the reading may
 * write into), so a read past its end throws, and on a slice in the middle of a larger array whose other bytes are
 * all 0x00, then all 0xFF. A parser that reads or writes outside what it was given shows it: by an exception, by a
 * result that differs between the three (arrays compared by content), or by a guard byte it changed. Readings return
 * a value that gives offsets relative to {@code off}, and what they wrote in place when they write.
 */
public final class GuardBytes {
    /** Guard bytes on each side; odd, so that no alignment hides an overrun. */
    private static final int GUARD = 13;

    private GuardBytes() {
    }

    /** What a fuzz target observes of {@code b[off, off+len)}, plus any room after it it may write into. */
    @FunctionalInterface
    public interface Reading<T> {
        T read(byte[] b, int off, int len);
    }

    /**
     * One place to put an input: {@code b[off, off+len)}, then the room, with guard bytes of {@code fill} around
     * them (none for the exact array).
     */
    public record Placement(byte[] b, int off, int len, int room, byte fill) {

        /** Fails when a byte outside the input and its room changed since it was placed. */
        public void assertGuardsKept() {
            for (int i = 0; i < b.length; i++) {
                if ((i < off || i >= off + len + room) && b[i] != fill) {
                    throw new AssertionError("guard byte " + (i - off) + " relative to the input was written");
                }
            }
        }
    }

    /** The three placements of {@code input}: exact, amid 0x00, amid 0xFF; {@code room} zero bytes follow it. */
    public static List<Placement> placements(byte[] input, int room) {
        return List.of(new Placement(Arrays.copyOf(input, input.length + room), 0, input.length, room, (byte) 0),
                guarded(input, room, (byte) 0), guarded(input, room, (byte) 0xFF));
    }

    private static Placement guarded(byte[] input, int room, byte fill) {
        byte[] b = new byte[GUARD + input.length + room + GUARD];
        Arrays.fill(b, fill);
        System.arraycopy(input, 0, b, GUARD, input.length);
        Arrays.fill(b, GUARD + input.length, GUARD + input.length + room, (byte) 0);
        return new Placement(b, GUARD, input.length, room, fill);
    }

    /** The reading of {@code input}, asserted the same wherever the input lies and whatever surrounds it. */
    public static <T> T sameEverywhere(byte[] input, Reading<T> reading) {
        return sameEverywhere(input, 0, reading);
    }

    /** As {@link #sameEverywhere(byte[], Reading)}, with {@code room} zero bytes after the input the reading may use. */
    public static <T> T sameEverywhere(byte[] input, int room, Reading<T> reading) {
        List<Placement> placements = placements(input, room);
        T exact = null;
        for (Placement p : placements) {
            T result = reading.read(p.b(), p.off(), p.len());
            if (p == placements.get(0)) {
                exact = result;
            } else {
                assertSame(exact, result, p);
                p.assertGuardsKept();
            }
        }
        return exact;
    }

    /** Fails unless a guarded placement's result equals the exact one's (nested arrays by content). */
    public static void assertSame(Object exact, Object guarded, Placement where) {
        if (!Objects.deepEquals(exact, guarded)) {
            throw new AssertionError("the result depends on bytes outside the input (guard 0x"
                    + HexFormat.of().toHexDigits(where.fill()) + "): " + Arrays.deepToString(new Object[] {exact})
                    + " alone, " + Arrays.deepToString(new Object[] {guarded}) + " amid guards");
        }
    }

    /** Bytes as hex, for readings that return what they wrote. */
    public static String hex(byte[] b, int off, int len) {
        return HexFormat.of().formatHex(b, off, off + len);
    }
}
