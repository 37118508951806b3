package io.meridian.loadgen;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Whether the measured part of a run is in progress (per-receiver latencies are recorded only while it is open), and
 * an always-on recorder of every participant's one-way latencies for the per-second {@link LoadSampler}. One
 * instance is shared by every participant of a run: {@link #recordLatency} is called from many reader threads,
 * {@link #intervalLatencyInto} from one sampler thread.
 */
final class MeasurementWindow {
    private volatile boolean open;
    /** Wait-free for writers (no lock, no allocation per value); each interval read swaps its two histograms. */
    private final Recorder interval = new Recorder(ReceiveStats.MAX_LATENCY_NANOS, 3);

    void open() {
        open = true;
    }

    void close() {
        open = false;
    }

    boolean isOpen() {
        return open;
    }

    /**
     * Records one packet's one-way latency whether or not the window is open; negative values count as 0 and values
     * above {@link ReceiveStats#MAX_LATENCY_NANOS} as that. Safe from any number of threads; does not allocate.
     */
    void recordLatency(long nanos) {
        interval.recordValue(Math.min(Math.max(nanos, 0), ReceiveStats.MAX_LATENCY_NANOS));
    }

    /**
     * Replaces {@code target}'s contents with the latencies recorded since the previous interval read, and starts the
     * next interval. For one reader thread at a time (the sampler); {@code target} should be made by
     * {@link #newLatencyHistogram()} so every recorded value fits.
     */
    void intervalLatencyInto(Histogram target) {
        interval.getIntervalHistogramInto(target);
    }

    /** The latencies recorded since the previous interval read, in a new histogram (nanoseconds). */
    Histogram intervalLatency() {
        Histogram h = newLatencyHistogram();
        intervalLatencyInto(h);
        return h;
    }

    /** An empty histogram with the range and precision of the recorded latencies. */
    static Histogram newLatencyHistogram() {
        return new Histogram(ReceiveStats.MAX_LATENCY_NANOS, 3);
    }
}
