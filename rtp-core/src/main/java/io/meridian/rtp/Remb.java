package io.meridian.rtp;

/**
 * Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb-03 §2.2): an application-layer feedback packet
 * (PSFB, FMT 15) with the unique identifier "REMB", the number of SSRCs, the bitrate as a 6-bit exponent and an
 * 18-bit mantissa, and the SSRCs it applies to.
 */
public final class Remb {
    public static final int FMT = 15;
    /** Header (12), "REMB" (4), count + exponent + mantissa (4). */
    public static final int FIXED_LENGTH = 20;
    private static final int IDENTIFIER = 0x52454D42; // "REMB"
    private static final int MANTISSA_BITS = 18;

    private Remb() {
    }

    /** Writes a REMB of {@code bitrate} bits/s for {@code ssrcs[0..count)}; returns its length. */
    public static int write(byte[] b, int off, int senderSsrc, long bitrate, int[] ssrcs, int count) {
        int exponent = 0;
        long mantissa = Math.max(0, bitrate);
        while (mantissa >= (1L << MANTISSA_BITS)) {
            mantissa >>= 1;
            exponent++;
        }
        int len = FIXED_LENGTH + 4 * count;
        b[off] = (byte) (0x80 | FMT);
        b[off + 1] = (byte) RtcpPacket.PSFB;
        Bytes.put16(b, off + 2, len / 4 - 1);
        Bytes.put32(b, off + 4, senderSsrc);
        Bytes.put32(b, off + 8, 0); // §2.2: the media source SSRC is 0
        Bytes.put32(b, off + 12, IDENTIFIER);
        b[off + 16] = (byte) count;
        Bytes.put24(b, off + 17, (int) ((exponent << MANTISSA_BITS) | mantissa));
        for (int i = 0; i < count; i++) {
            Bytes.put32(b, off + FIXED_LENGTH + 4 * i, ssrcs[i]);
        }
        return len;
    }

    /**
     * Whether the PSFB packet of {@code plen} bytes at {@code off} is a well-formed REMB: its SSRCs fit, and so does
     * its bitrate in a long (a 6-bit exponent shifts an 18-bit mantissa up to 81 bits; libwebrtc refuses those too).
     */
    public static boolean is(byte[] b, int off, int plen) {
        return plen >= FIXED_LENGTH && RtcpPacket.packetType(b, off) == RtcpPacket.PSFB
                && RtcpPacket.count(b, off) == FMT && Bytes.i32(b, off + 12) == IDENTIFIER
                && FIXED_LENGTH + 4 * (b[off + 16] & 0xFF) <= plen
                && (mantissa(b, off) == 0 || exponent(b, off) < Long.numberOfLeadingZeros(mantissa(b, off)));
    }

    /** The bitrate of a REMB (see {@link #is}), bits per second. */
    public static long bitrate(byte[] b, int off) {
        return mantissa(b, off) << exponent(b, off);
    }

    private static long mantissa(byte[] b, int off) {
        return (Bytes.u16(b, off + 17) << 8 | (b[off + 19] & 0xFF)) & ((1 << MANTISSA_BITS) - 1);
    }

    private static int exponent(byte[] b, int off) {
        return (b[off + 17] & 0xFF) >>> 2;
    }

    /** The number of SSRCs a REMB names. */
    public static int ssrcCount(byte[] b, int off) {
        return b[off + 16] & 0xFF;
    }

    public static int ssrc(byte[] b, int off, int i) {
        return Bytes.i32(b, off + FIXED_LENGTH + 4 * i);
    }
}
