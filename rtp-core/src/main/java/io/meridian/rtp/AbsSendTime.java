package io.meridian.rtp;

/**
 * The absolute send time header extension (http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time): when the
 * sender sent the packet, 24 bits of 6.18 fixed-point seconds (it wraps every 64 s), as a 3-byte RFC 8285 element.
 */
public final class AbsSendTime {
    public static final String URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final int LENGTH = 3;
    /** One wrap of the 24-bit field: 64 s. */
    public static final long WRAP_NANOS = 64_000_000_000L;

    private AbsSendTime() {
    }

    /** The 24-bit send time under extension {@code id}, or -1 when the packet carries none. */
    public static int read(byte[] b, int off, int len, int id) {
        int at = RtpPacket.extensionData(b, off, len, id, LENGTH);
        return at < 0 ? -1 : (Bytes.u16(b, at) << 8) | (b[at + 2] & 0xFF);
    }

    /** The field in nanoseconds within its 64 s period. */
    public static long toNanos(int value) {
        return (value & 0xFFFFFFL) * 1_000_000_000L >> 18;
    }
}
