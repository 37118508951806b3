package io.meridian.api;

/**
 * A rate of {@code perSecond} events with a burst of as many (one second's worth), kept as the generic cell rate
 * algorithm keeps it (ITU-T I.371 §4.4.2, virtual scheduling): one theoretical arrival time and no timer. Times are
 * monotonic nanoseconds, compared by difference so that they may wrap. Not thread-safe.
 */
final class RateLimit {
    private static final long SECOND = 1_000_000_000L;

    private final long interval;
    /** How far ahead of now the theoretical arrival time may run: the burst. */
    private final long tolerance;
    private long arrival;

    RateLimit(int perSecond, long now) {
        this.interval = SECOND / perSecond;
        this.tolerance = (perSecond - 1) * interval;
        this.arrival = now;
    }

    /** Counts one event at {@code now}; false, counting nothing, when it is over the rate. */
    boolean take(long now) {
        long start = arrival - now > 0 ? arrival : now;
        if (start - now > tolerance) {
            return false;
        }
        arrival = start + interval;
        return true;
    }

    /** Whole seconds until {@link #take} succeeds again (at least 1), for {@code Retry-After} (RFC 9110 §10.2.3). */
    long secondsUntilNext(long now) {
        long wait = arrival - tolerance - now;
        return Math.max(1, (wait + SECOND - 1) / SECOND);
    }

    /** Whether the whole burst is available again: the state is then no different from a new one's. */
    boolean rested(long now) {
        return arrival - now <= 0;
    }
}
