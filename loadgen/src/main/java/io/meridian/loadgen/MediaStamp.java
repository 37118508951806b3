package io.meridian.loadgen;

import io.meridian.rtp.Bytes;

/**
 * The 20 bytes at the end of every payload a synthetic participant sends: a marker, the bench-wide id of the
 * published stream, the stream's own sequence number (not wrapped at 16 bits, unlike RTP's, and untouched by the
 * node's per-receiver rewriting) and the send time from {@link System#nanoTime()}. Sender and receivers share one
 * JVM, so receive time minus send time is the one-way latency through the node.
 */
final class MediaStamp {
    static final int LENGTH = 20;
    private static final int MAGIC = 0x4D424E43; // "MBNC"

    private MediaStamp() {
    }

    /** Writes the stamp into the last {@link #LENGTH} bytes before {@code end}. */
    static void write(byte[] b, int end, int streamId, int sequence, long sendNanos) {
        int p = end - LENGTH;
        Bytes.put32(b, p, MAGIC);
        Bytes.put32(b, p + 4, streamId);
        Bytes.put32(b, p + 8, sequence);
        Bytes.put32(b, p + 12, (int) (sendNanos >>> 32));
        Bytes.put32(b, p + 16, (int) sendNanos);
    }

    /** Whether the payload in {@code [payloadStart, end)} ends with a stamp. */
    static boolean present(byte[] b, int payloadStart, int end) {
        return end - payloadStart >= LENGTH && Bytes.i32(b, end - LENGTH) == MAGIC;
    }

    static int streamId(byte[] b, int end) {
        return Bytes.i32(b, end - LENGTH + 4);
    }

    static int sequence(byte[] b, int end) {
        return Bytes.i32(b, end - LENGTH + 8);
    }

    static long sendNanos(byte[] b, int end) {
        return (Bytes.u32(b, end - LENGTH + 12) << 32) | Bytes.u32(b, end - LENGTH + 16);
    }
}
