package io.meridian.server.transport;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long the media loop held forwarded packets before handing them to the socket: per flush (sendmmsg), from the
 * dispatch of the read batch's first datagram to the end of the flush. A batch is flushed at its end and every
 * {@code MediaPacketHandler.FLUSH_EVERY} writes; every packet in a flush was read after its batch began, so this
 * bounds the node's own forwarding delay for each of them (it cannot see time spent in the socket's receive queue
 * before the read). One writer, the media loop, once per flush: no allocation, no lock.
 */
public final class BatchDelayHistogram {
    /** Upper bounds of the buckets, in nanoseconds (Prometheus {@code le}); the last bucket is +Inf. */
    static final long[] BOUNDS_NANOS = {25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000,
        5_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000};

    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS_NANOS.length + 1);
    private final AtomicLongArray sumNanos = new AtomicLongArray(1);

    void record(long nanos) {
        int bucket = 0;
        while (bucket < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[bucket]) {
            bucket++;
        }
        counts.incrementAndGet(bucket);
        sumNanos.addAndGet(0, nanos);
    }

    /** Upper bounds in seconds, without +Inf. */
    public double[] boundsSeconds() {
        double[] out = new double[BOUNDS_NANOS.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = BOUNDS_NANOS[i] / 1e9;
        }
        return out;
    }

    /** Cumulative counts per bound, then the total (the +Inf bucket). */
    public long[] cumulativeCounts() {
        long[] out = new long[BOUNDS_NANOS.length + 1];
        long running = 0;
        for (int i = 0; i < out.length; i++) {
            running += counts.get(i);
            out[i] = running;
        }
        return out;
    }

    public double sumSeconds() {
        return sumNanos.get(0) / 1e9;
    }
}
