package io.meridian.router.retransmit;

/**
 * How the node recovers lost packets: whether at all, and how much of each published video stream it keeps.
 *
 * @param cachePackets packets kept per video stream (a power of two)
 * @param cacheMillis  how long a packet is kept
 * @param cacheBytes   bytes kept per video stream
 */
public record RetransmissionSettings(boolean enabled, int cachePackets, int cacheMillis, long cacheBytes) {
    /** About a second of a 2.5 Mb/s stream, as browsers' own retransmission buffers hold. */
    public static final RetransmissionSettings DEFAULTS = new RetransmissionSettings(true, 1024, 1000, 2L << 20);
    /** Retransmissions of one packet to one receiver, in all (no storms from a receiver that keeps asking). */
    static final int MAX_RESENDS = 3;
    /** The least time between two retransmissions of one packet to one receiver. */
    static final long MIN_RESEND_INTERVAL_NANOS = 20_000_000L;
    /** Sequence numbers one NACK packet may name (15 full FCI words are ~255); the rest is ignored and counted. */
    static final int MAX_NACKED_PER_PACKET = 256;

    public RetransmissionSettings {
        if (cachePackets < 16 || Integer.bitCount(cachePackets) != 1) {
            throw new IllegalArgumentException("cachePackets must be a power of two of at least 16: " + cachePackets);
        }
        if (cacheMillis < 1 || cacheBytes < 64 * 1024) {
            throw new IllegalArgumentException("cacheMillis must be positive and cacheBytes at least 64 KiB");
        }
    }
}
