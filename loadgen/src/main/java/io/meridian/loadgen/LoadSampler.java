package io.meridian.loadgen;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Samples a run once a second from the first join to the end of the measured window, for the load plot
 * ({@link PlotWriter}): participants joined, the server's egress packet rate and CPU (deltas of its packet counter
 * and of its process CPU time), and the one-way latencies every participant recorded meanwhile (the
 * {@link MeasurementWindow}'s interval recorder).
 *
 * <p>One daemon thread, started by {@link #start()} and ended by {@link #stop()}; it never throws: a sample whose
 * readings fail is skipped and counted ({@link #failures()}), and the next one covers the longer interval. At most
 * {@link #MAX_SAMPLES} are kept. Tests drive {@link #sampleOnce()} directly instead of starting the thread.
 */
final class LoadSampler {
    static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A day of one-second samples: beyond this the sampler stops recording. */
    static final int MAX_SAMPLES = 86_400;
    private static final long STOP_WAIT_MILLIS = 5_000;

    private final BenchTarget target;
    private final LongSupplier cpuMicros;
    private final IntSupplier participants;
    private final MeasurementWindow window;
    private final LongSupplier nanoClock;
    private final Histogram latency = MeasurementWindow.newLatencyHistogram();
    private final List<LoadSample> samples = new ArrayList<>();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final Object lock = new Object();

    private Thread thread;
    private boolean stopped;
    private long originNanos;
    private Reading previous;
    private int failures;
    private String lastFailure;

    private record Reading(long nanos, double egressPackets, long cpuMicros) {
    }

    /**
     * @param target       the server under test: its cumulative egress packet counter
     * @param cpuMicros    the server process's cumulative CPU time in µs (see {@link #cpuMicrosOf})
     * @param participants how many participants have joined so far; read from the sampler thread, so it must be
     *                     safe to call from there (a volatile or atomic counter)
     * @param window       the run's shared window, whose interval latency recorder every participant feeds
     */
    LoadSampler(BenchTarget target, LongSupplier cpuMicros, IntSupplier participants, MeasurementWindow window) {
        this(target, cpuMicros, participants, window, System::nanoTime);
    }

    /** With a given clock (nanoseconds, like {@link System#nanoTime()}), for tests. */
    LoadSampler(BenchTarget target, LongSupplier cpuMicros, IntSupplier participants, MeasurementWindow window,
                LongSupplier nanoClock) {
        this.target = target;
        this.cpuMicros = cpuMicros;
        this.participants = participants;
        this.window = window;
        this.nanoClock = nanoClock;
        this.originNanos = nanoClock.getAsLong();
    }

    /** {@link ProcessCpuClock#cpuMicros()} as a supplier; its IOException comes out as an UncheckedIOException. */
    static LongSupplier cpuMicrosOf(ProcessCpuClock clock) {
        return () -> {
            try {
                return clock.cpuMicros();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * Starts sampling now: elapsed time counts from this call, the first readings (the baseline) are taken at once on
     * the sampler thread, then a sample every second. Call it just before the first join. Once only.
     */
    void start() {
        synchronized (lock) {
            if (thread != null || stopped) {
                throw new IllegalStateException("a LoadSampler starts once");
            }
            originNanos = nanoClock.getAsLong();
            thread = new Thread(this::run, "bench-load-sampler");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Stops sampling (waits at most a few seconds for a reading in progress) and returns the samples taken, oldest
     * first. A partial last second is not sampled. Safe to call more than once, or without {@link #start()}.
     */
    List<LoadSample> stop() throws InterruptedException {
        Thread t;
        synchronized (lock) {
            stopped = true;
            t = thread;
        }
        stopSignal.countDown();
        if (t != null) {
            t.join(STOP_WAIT_MILLIS);
        }
        return samples();
    }

    /** The samples taken so far, oldest first (a copy). */
    List<LoadSample> samples() {
        synchronized (lock) {
            return List.copyOf(samples);
        }
    }

    /** Whether the sampler thread is alive (started, and not ended by {@link #stop()}). */
    boolean running() {
        synchronized (lock) {
            return thread != null && thread.isAlive();
        }
    }

    /** Samples skipped because a reading failed. */
    int failures() {
        synchronized (lock) {
            return failures;
        }
    }

    /** Why the latest skipped sample failed, or null when none did. */
    String lastFailure() {
        synchronized (lock) {
            return lastFailure;
        }
    }

    private void run() {
        try {
            sampleOnce(); // the baseline
            long next = nanoClock.getAsLong() + PERIOD_NANOS;
            while (true) {
                long wait = next - nanoClock.getAsLong();
                if (wait > 0 && stopSignal.await(wait, TimeUnit.NANOSECONDS)) {
                    return;
                }
                synchronized (lock) {
                    if (stopped || samples.size() >= MAX_SAMPLES) {
                        return;
                    }
                }
                sampleOnce();
                // Fixed rate; after a stall (a slow reading, a paused JVM) resume from now rather than catch up.
                next = Math.max(next + PERIOD_NANOS, nanoClock.getAsLong() + PERIOD_NANOS / 2);
            }
        } catch (InterruptedException e) {
            // Nobody interrupts this thread but the JVM going down: just end.
        } catch (Throwable t) {
            synchronized (lock) {
                failures++;
                lastFailure = "sampler thread ended: " + t;
            }
        }
    }

    /**
     * Takes the readings now and, when there was an earlier successful reading, records the interval since it as a
     * sample and returns it. Returns null for the first (baseline) reading and for a failed one (counted in
     * {@link #failures()}; the next sample then covers both intervals). Never throws.
     */
    LoadSample sampleOnce() {
        Reading now;
        int joined;
        try {
            double egress = target.sample().egressPackets();
            long cpu = cpuMicros.getAsLong();
            joined = participants.getAsInt();
            now = new Reading(nanoClock.getAsLong(), egress, cpu);
        } catch (IOException | RuntimeException e) {
            fail(e.toString());
            return null;
        }
        // Read only after the other readings succeeded, so the latencies cover the same interval as the deltas.
        window.intervalLatencyInto(latency);
        Reading before = previous;
        previous = now;
        if (before == null) {
            return null;
        }
        double seconds = (now.nanos - before.nanos) / 1e9;
        double packets = now.egressPackets - before.egressPackets;
        long cpu = now.cpuMicros - before.cpuMicros;
        if (seconds <= 0 || packets < 0 || cpu < 0) {
            fail(String.format(Locale.ROOT, "counters went backwards or time did not advance: %.3f s, %.0f packets,"
                    + " %d cpu µs", seconds, packets, cpu));
            return null;
        }
        long count = latency.getTotalCount();
        LoadSample sample = new LoadSample((now.nanos - originNanos) / 1e9, seconds, joined, packets / seconds,
                cpu / (seconds * 1e6) * 100, packets == 0 ? Double.NaN : cpu / packets, count,
                count == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1e6,
                count == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1e6,
                count == 0 ? Double.NaN : latency.getMaxValue() / 1e6);
        synchronized (lock) {
            // After stop() (a reading that outlasted its wait), the returned list is final: do not add to it.
            if (!(stopped && thread != null) && samples.size() < MAX_SAMPLES) {
                samples.add(sample);
            }
        }
        return sample;
    }

    private void fail(String why) {
        synchronized (lock) {
            failures++;
            lastFailure = why;
        }
    }
}
