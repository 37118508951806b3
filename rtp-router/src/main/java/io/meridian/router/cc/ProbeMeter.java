package io.meridian.router.cc;

/**
 * What a receiver's path carried of each probe cluster the node sent it (a burst of packets sent back to back): the
 * bottleneck spreads the burst out, so the bytes received after the first packet over the time between the first and
 * the last arrival are the path's rate, up to the rate the cluster was meant to prove (draft-ietf-rmcat-gcc-02 leaves
 * probing to the sender; this follows libwebrtc's ProbeBitrateEstimator). A few clusters in flight at most.
 */
final class ProbeMeter {
    /** A cluster is measured once this many of its packets are reported received (and most of them). */
    static final int MIN_RECEIVED = 4;
    /** Arrivals closer than this (the feedback's resolution is 250 µs) say only that the path took the burst. */
    private static final long MIN_INTERVAL_NANOS = 1_000_000L;
    private static final int SLOTS = 4;

    private final int[] ids = new int[SLOTS];
    private final long[] targets = new long[SLOTS];
    private final int[] sent = new int[SLOTS];
    private final int[] received = new int[SLOTS];
    private final long[] bytes = new long[SLOTS];
    private final long[] firstArrival = new long[SLOTS];
    private final int[] firstSize = new int[SLOTS];
    private final long[] lastArrival = new long[SLOTS];

    /** Cluster {@code id} (> 0) of {@code packets} packets was sent to prove {@code targetBps}. */
    void started(int id, long targetBps, int packets) {
        int i = id & (SLOTS - 1);
        ids[i] = id;
        targets[i] = targetBps;
        sent[i] = packets;
        received[i] = 0;
        bytes[i] = 0;
    }

    /** A packet of cluster {@code id} arrived at {@code arrival} (receiver's clock). */
    void received(int id, long arrival, int size) {
        int i = id & (SLOTS - 1);
        if (ids[i] != id) {
            return; // measured already, or overtaken by a newer cluster
        }
        if (received[i] == 0 || arrival < firstArrival[i]) {
            firstArrival[i] = arrival;
            firstSize[i] = size;
        }
        if (received[i] == 0 || arrival > lastArrival[i]) {
            lastArrival[i] = arrival;
        }
        received[i]++;
        bytes[i] += size;
    }

    /**
     * The rate the path was seen to carry of clusters now measured, bits per second (the highest, if several), or 0
     * when none is complete; each cluster is measured once.
     */
    long conclude() {
        long best = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (ids[i] == 0 || received[i] < Math.max(MIN_RECEIVED, sent[i] * 4 / 5)) {
                continue;
            }
            long interval = Math.max(MIN_INTERVAL_NANOS, lastArrival[i] - firstArrival[i]);
            long carried = (bytes[i] - firstSize[i]) * 8 * 1_000_000_000L / interval;
            best = Math.max(best, Math.min(carried, targets[i]));
            ids[i] = 0;
        }
        return best;
    }
}
