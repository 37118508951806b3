package io.meridian.router.cc;

/**
 * How the node takes part in congestion control.
 *
 * @param transportCc      negotiate transport-cc both ways: feedback to publishers, the node's own estimate for
 *                         receivers (off: REMB to publishers that offer it, no estimate for receivers)
 * @param feedbackNanos    how often a publisher gets transport-cc feedback (or REMB) while its packets flow
 * @param probing          probe receivers' paths with RTX bursts so their estimates can grow past what is forwarded
 * @param probeCeilingBps  no probing once a receiver's estimate reaches this
 */
public record CongestionSettings(boolean transportCc, long feedbackNanos, boolean probing, long probeCeilingBps) {
    /** Every part on; feedback every 100 ms; probing up to 5 Mbit/s. */
    public static final CongestionSettings DEFAULTS = new CongestionSettings(true, 100_000_000L, true, 5_000_000L);

    public CongestionSettings {
        if (feedbackNanos < 10_000_000L || feedbackNanos > 1_000_000_000L) {
            throw new IllegalArgumentException("feedback interval must be 10-1000 ms: " + feedbackNanos / 1_000_000
                    + " ms");
        }
        if (probeCeilingBps < 100_000) {
            throw new IllegalArgumentException("probe ceiling must be at least 100 kbit/s: " + probeCeilingBps);
        }
    }
}
