package io.meridian.router;

import io.meridian.rtp.Bytes;

/** The node's NTP timestamps (RFC 5905 §6 format, seconds since 1900) derived from the injected monotonic clock. */
public final class NtpClock {
    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch). */
    private static final long NTP_UNIX_OFFSET = 2_208_988_800L;

    private final long originNanos;
    private final long originUnixNanos;

    NtpClock(long originNanos) {
        this.originNanos = originNanos;
        this.originUnixNanos = System.currentTimeMillis() * 1_000_000L;
    }

    /** The 64-bit NTP timestamp for monotonic time {@code nanos}. */
    public long ntp64(long nanos) {
        long unixNanos = originUnixNanos + (nanos - originNanos);
        long seconds = unixNanos / 1_000_000_000L + NTP_UNIX_OFFSET;
        long fraction = ((unixNanos % 1_000_000_000L) << 32) / 1_000_000_000L;
        return (seconds << 32) | (fraction & 0xFFFFFFFFL);
    }

    /** The middle 32 bits (16.16 fixed point), as used in LSR (RFC 3550 §6.4.1). */
    public long middle32(long nanos) {
        return (ntp64(nanos) >>> 16) & 0xFFFFFFFFL;
    }

    public void write(byte[] b, int off, long nanos) {
        long t = ntp64(nanos);
        Bytes.put32(b, off, (int) (t >>> 32));
        Bytes.put32(b, off + 4, (int) t);
    }
}
