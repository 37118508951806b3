package io.meridian.rtp;

/**
 * Transport-wide congestion control feedback, RTPFB FMT 15 (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1): after the feedback header, the base sequence number, the packet status count, a 24-bit reference time in
 * 64 ms units and the feedback packet count; then packet status chunks (§3.1.2-3.1.4) and one receive delta per
 * received packet in 250 µs units (§3.1.5). Written and read over raw bytes, without allocation.
 *
 * <p>A status is given as its receive delta: a count of 250 µs from the previous received packet (the first from
 * the reference time), or {@link #NOT_RECEIVED}. Its symbol (§3.1.1) follows: 0-255 is "received, small delta" (one
 * byte), any other value in the signed 16-bit range is "received, large or negative delta" (two bytes).
 */
public final class TransportFeedback {
    public static final int FMT = 15;
    /** Feedback header (12), base sequence number, packet status count, reference time and feedback packet count. */
    public static final int HEADER_LENGTH = 20;
    /** §3.1.5: receive deltas count 250 µs. */
    public static final long DELTA_NANOS = 250_000L;
    /** §3.1: the reference time counts 64 ms. */
    public static final long REFERENCE_NANOS = 64_000_000L;
    /** §3.1.5: a large delta is a signed 16-bit count. */
    public static final int MIN_DELTA = Short.MIN_VALUE;
    public static final int MAX_DELTA = Short.MAX_VALUE;
    /** The status of a packet not received (§3.1.1 symbol 00), where a delta would stand. */
    public static final int NOT_RECEIVED = Integer.MIN_VALUE;

    /** §3.1.1 symbols; each is also the number of bytes of its receive delta. */
    private static final int SMALL = 1;
    private static final int LARGE = 2;
    private static final int RESERVED = 3;
    /** §3.1.3: a run length chunk's 13-bit run; §3.1.4: a status vector's 14 one-bit or 7 two-bit symbols. */
    private static final int MAX_RUN = 0x1FFF;
    private static final int ONE_BIT_SYMBOLS = 14;
    private static final int TWO_BIT_SYMBOLS = 7;

    private TransportFeedback() {
    }

    /** The most bytes {@link #write} takes for {@code count} statuses (each chunk of it holds seven or more). */
    public static int maxLength(int count) {
        return HEADER_LENGTH + 2 * ((count + TWO_BIT_SYMBOLS - 1) / TWO_BIT_SYMBOLS) + 2 * count + 3;
    }

    /**
     * Writes the feedback for the {@code count} transport-wide sequence numbers from {@code baseSequence}, the i-th
     * with status {@code deltas[from + i]}; returns its length. It is padded to 32 bits as RFC 3550 §6.4.1 pads (P
     * set, the last byte the padding count), as libwebrtc does where the draft's figure shows zeros. The caller
     * leaves room for {@link #maxLength}.
     */
    public static int write(byte[] b, int off, int senderSsrc, int mediaSsrc, int baseSequence, int referenceTime,
                            int feedbackCount, int[] deltas, int from, int count) {
        b[off + 1] = (byte) RtcpPacket.RTPFB;
        Bytes.put32(b, off + 4, senderSsrc);
        Bytes.put32(b, off + 8, mediaSsrc);
        Bytes.put16(b, off + 12, baseSequence);
        Bytes.put16(b, off + 14, count);
        Bytes.put24(b, off + 16, referenceTime);
        b[off + 19] = (byte) feedbackCount;
        int at = writeChunks(b, off + HEADER_LENGTH, deltas, from, count);
        for (int i = from; i < from + count; i++) {
            int symbol = symbol(deltas[i]);
            if (symbol == SMALL) {
                b[at++] = (byte) deltas[i];
            } else if (symbol == LARGE) {
                Bytes.put16(b, at, deltas[i]);
                at += 2;
            }
        }
        int padding = (off - at) & 3;
        for (int i = 0; i < padding; i++) {
            b[at++] = (byte) (i == padding - 1 ? padding : 0);
        }
        b[off] = (byte) (0x80 | (padding > 0 ? 0x20 : 0) | FMT);
        Bytes.put16(b, off + 2, (at - off) / 4 - 1);
        return at - off;
    }

    /**
     * The chunks libwebrtc writes for these statuses: a chunk takes statuses while it can hold them (seven in a
     * two-bit vector, fourteen in a one-bit vector while none needs a large delta, any number in a run of one
     * symbol); one that cannot is closed as a run if all its symbols are the same, as a one-bit vector if full, else
     * as a two-bit vector of its first seven, the rest carried into the next.
     */
    private static int writeChunks(byte[] b, int at, int[] deltas, int from, int count) {
        int size = 0;
        int symbols = 0; // the open chunk's first 14 symbols, 2 bits each, the first in the lowest bits
        boolean same = true;
        boolean large = false;
        for (int i = from; i < from + count; i++) {
            int s = symbol(deltas[i]);
            boolean fits = size < TWO_BIT_SYMBOLS || (size < ONE_BIT_SYMBOLS && !large && s != LARGE)
                    || (size < MAX_RUN && same && s == (symbols & 3));
            if (!fits) {
                if (same) {
                    Bytes.put16(b, at, runLength(symbols & 3, size));
                    size = 0;
                    symbols = 0;
                } else if (size == ONE_BIT_SYMBOLS) {
                    Bytes.put16(b, at, vector(symbols, size, false));
                    size = 0;
                    symbols = 0;
                } else {
                    Bytes.put16(b, at, vector(symbols, TWO_BIT_SYMBOLS, true));
                    size -= TWO_BIT_SYMBOLS;
                    symbols >>>= 2 * TWO_BIT_SYMBOLS;
                }
                at += 2;
                same = true;
                large = false;
                for (int k = 0; k < size; k++) {
                    int kept = (symbols >>> 2 * k) & 3;
                    same &= kept == (symbols & 3);
                    large |= kept == LARGE;
                }
            }
            if (size < ONE_BIT_SYMBOLS) {
                symbols |= s << 2 * size;
            }
            same &= s == (symbols & 3);
            large |= s == LARGE;
            size++;
        }
        if (size > 0) {
            int last = same ? runLength(symbols & 3, size) : vector(symbols, size, size <= TWO_BIT_SYMBOLS);
            Bytes.put16(b, at, last);
            at += 2;
        }
        return at;
    }

    /** §3.1.3: T=0, the symbol, the run length. */
    private static int runLength(int symbol, int length) {
        return symbol << 13 | length;
    }

    /** §3.1.4: T=1, S (0: one-bit symbols, 1 = received; 1: two-bit), the first {@code n} symbols, then zeros. */
    private static int vector(int symbols, int n, boolean twoBit) {
        int chunk = twoBit ? 0xC000 : 0x8000;
        for (int k = 0; k < n; k++) {
            int s = (symbols >>> 2 * k) & 3;
            chunk |= twoBit ? s << 12 - 2 * k : s << 13 - k;
        }
        return chunk;
    }

    private static int symbol(int delta) {
        if (delta == NOT_RECEIVED) {
            return 0;
        }
        if (delta < MIN_DELTA || delta > MAX_DELTA) {
            throw new IllegalArgumentException("receive delta " + delta + " does not fit 16 bits (§3.1.5)");
        }
        return delta >= 0 && delta <= 0xFF ? SMALL : LARGE;
    }

    public static int baseSequence(byte[] b, int off) {
        return Bytes.u16(b, off + 12);
    }

    public static int statusCount(byte[] b, int off) {
        return Bytes.u16(b, off + 14);
    }

    /** §3.1: a signed 24-bit count of 64 ms. */
    public static int referenceTime(byte[] b, int off) {
        return Bytes.i32(b, off + 16) >> 8;
    }

    public static int feedbackCount(byte[] b, int off) {
        return b[off + 19] & 0xFF;
    }

    /**
     * Gives {@code sink} each status of the feedback of {@code len} bytes at {@code off} (as {@link #write} takes
     * them), in sequence order. Returns false, having given none, when the packet is malformed: too short for its
     * chunks and deltas, or using the reserved symbol 11 (§3.1.1; libwebrtc refuses it too).
     */
    public static boolean forEachStatus(byte[] b, int off, int len, StatusSink sink) {
        if (len < HEADER_LENGTH) {
            return false;
        }
        int end = off + len;
        if ((b[off] & 0x20) != 0) {
            int padding = b[end - 1] & 0xFF;
            if (padding == 0 || padding > len - HEADER_LENGTH) {
                return false;
            }
            end -= padding;
        }
        int count = statusCount(b, off);
        int deltaBytes = 0;
        int p = off + HEADER_LENGTH;
        for (int done = 0; done < count; p += 2) {
            if (p + 2 > end) {
                return false;
            }
            int chunk = Bytes.u16(b, p);
            int n = Math.min(count - done, capacity(chunk));
            for (int k = 0; k < n; k++) {
                int s = symbolAt(chunk, k);
                if (s == RESERVED) {
                    return false;
                }
                deltaBytes += s;
            }
            done += n;
        }
        if (p + deltaBytes > end) {
            return false;
        }
        int sequence = baseSequence(b, off);
        int delta = p;
        for (int c = off + HEADER_LENGTH, done = 0; done < count; c += 2) {
            int chunk = Bytes.u16(b, c);
            int n = Math.min(count - done, capacity(chunk));
            for (int k = 0; k < n; k++, done++) {
                int s = symbolAt(chunk, k);
                int value = s == SMALL ? b[delta] & 0xFF : s == LARGE ? (short) Bytes.u16(b, delta) : NOT_RECEIVED;
                delta += s;
                sink.status((sequence + done) & 0xFFFF, value);
            }
        }
        return true;
    }

    private static int capacity(int chunk) {
        if ((chunk & 0x8000) == 0) {
            return chunk & MAX_RUN;
        }
        return (chunk & 0x4000) == 0 ? ONE_BIT_SYMBOLS : TWO_BIT_SYMBOLS;
    }

    private static int symbolAt(int chunk, int k) {
        if ((chunk & 0x8000) == 0) {
            return (chunk >> 13) & 3;
        }
        return (chunk & 0x4000) == 0 ? (chunk >> 13 - k) & 1 : (chunk >> 12 - 2 * k) & 3;
    }

    /** Receives the statuses of a feedback without boxing. */
    @FunctionalInterface
    public interface StatusSink {
        /** @param delta the receive delta in 250 µs, or {@link #NOT_RECEIVED} */
        void status(int sequence, int delta);
    }
}
