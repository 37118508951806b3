package io.meridian.router.cc;

/**
 * When to probe a receiver's path, and how hard (libwebrtc's ProbeController, simplified for an SFU, whose sending is
 * application-limited: it sends what publishers send, so the estimate can only grow past that through probes).
 * First a cluster at three times the estimate; while a cluster proves most of what it was meant to, the next follows
 * at twice the new estimate; otherwise every {@link #INTERVAL_NANOS} at twice the estimate. Never above the ceiling.
 * Plain class, times passed in.
 */
final class ProbeController {
    static final long INTERVAL_NANOS = 5_000_000_000L;
    /** A cluster whose result is still unknown after this is taken as lost. */
    static final long TIMEOUT_NANOS = 1_000_000_000L;
    /** A result of at least this share of the target lets probing go on at once. */
    private static final double SUCCESS = 0.7;

    private final long ceilingBps;
    private int cluster;
    private long target;
    private long startedAt;
    private boolean inFlight;
    private boolean probedAny;
    private long nextAt = Long.MIN_VALUE;

    ProbeController(long ceilingBps) {
        this.ceilingBps = ceilingBps;
    }

    /** The rate the next cluster should prove now, or 0 for no cluster now. */
    long due(long now, long estimateBps) {
        if (inFlight) {
            if (now - startedAt < TIMEOUT_NANOS) {
                return 0;
            }
            inFlight = false;
            nextAt = startedAt + INTERVAL_NANOS;
        }
        if (now < nextAt || estimateBps >= ceilingBps) {
            return 0;
        }
        return Math.min(ceilingBps, (probedAny ? 2 : 3) * estimateBps);
    }

    /** A cluster to prove {@code targetBps} was sent at {@code now}; returns its id (> 0). */
    int started(long now, long targetBps) {
        cluster = cluster == Integer.MAX_VALUE ? 1 : cluster + 1;
        target = targetBps;
        startedAt = now;
        inFlight = true;
        probedAny = true;
        return cluster;
    }

    /** The path was seen to carry {@code resultBps} of the cluster in flight, at {@code now}. */
    void measured(long now, long resultBps) {
        if (!inFlight) {
            return;
        }
        inFlight = false;
        nextAt = resultBps >= SUCCESS * target ? now : now + INTERVAL_NANOS;
    }
}
