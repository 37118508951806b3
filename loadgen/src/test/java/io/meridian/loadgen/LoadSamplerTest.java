package io.meridian.loadgen;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives {@link LoadSampler#sampleOnce()} directly with scripted counters, a scripted CPU clock and a scripted
 * nanosecond clock: every figure is exact arithmetic on the script (latency percentiles within HdrHistogram's 3
 * significant digits). The one test of the thread itself asserts only that it starts and stops.
 */
class LoadSamplerTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A server whose counters the test sets; {@code failNext} makes the next sample() throw. */
    private static final class FakeTarget implements BenchTarget {
        volatile double egress;
        volatile boolean failNext;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public long pid() {
            return -1;
        }

        @Override
        public BenchParticipant participant(Scenario.Participant planned, int firstStreamId,
                                            MeasurementWindow window) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServerSample sample() throws IOException {
            if (failNext) {
                failNext = false;
                throw new IOException("scripted failure");
            }
            return new ServerSample(egress, 0, -1, 0, 1);
        }

        @Override
        public boolean collectGarbage() {
            return false;
        }

        @Override
        public void close() {
        }
    }

    private final FakeTarget target = new FakeTarget();
    private final AtomicLong cpuMicros = new AtomicLong();
    private final AtomicInteger joined = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(5 * SECOND);
    private final MeasurementWindow window = new MeasurementWindow();
    private final LoadSampler sampler = new LoadSampler(target, cpuMicros::get, joined::get, window, now::get);

    @Test
    void computesEachIntervalsRatesFromCounterDeltas() {
        target.egress = 1_000;
        cpuMicros.set(500_000);
        window.recordLatency(999 * MS); // before the baseline: not in any sample
        assertNull(sampler.sampleOnce(), "the first reading is the baseline");

        for (int i = 1; i <= 100; i++) {
            window.recordLatency(i * MS);
        }
        now.addAndGet(SECOND);
        target.egress = 3_000;
        cpuMicros.set(800_000);
        joined.set(4);
        LoadSample first = sampler.sampleOnce();

        assertNotNull(first);
        assertEquals(1.0, first.elapsedSeconds(), 1e-9);
        assertEquals(1.0, first.intervalSeconds(), 1e-9);
        assertEquals(4, first.participants());
        assertEquals(2_000, first.egressPacketsPerSecond(), 1e-9);
        assertEquals(30.0, first.cpuPercent(), 1e-9, "300 000 µs of CPU in one second");
        assertEquals(150.0, first.cpuMicrosPerEgressPacket(), 1e-9, "300 000 µs over 2 000 packets");
        assertEquals(100, first.latencySamples());
        assertEquals(50.0, first.latencyP50Millis(), 0.05);
        assertEquals(99.0, first.latencyP99Millis(), 0.1);
        assertEquals(100.0, first.latencyMaxMillis(), 0.1);

        // Two seconds with no packets and no CPU: rates over the whole interval, no per-packet or latency figures.
        now.addAndGet(2 * SECOND);
        joined.set(6);
        LoadSample idle = sampler.sampleOnce();

        assertNotNull(idle);
        assertEquals(3.0, idle.elapsedSeconds(), 1e-9);
        assertEquals(2.0, idle.intervalSeconds(), 1e-9);
        assertEquals(6, idle.participants());
        assertEquals(0.0, idle.egressPacketsPerSecond());
        assertEquals(0.0, idle.cpuPercent());
        assertTrue(Double.isNaN(idle.cpuMicrosPerEgressPacket()));
        assertEquals(0, idle.latencySamples());
        assertTrue(Double.isNaN(idle.latencyP50Millis()));
        assertTrue(Double.isNaN(idle.latencyP99Millis()));
        assertTrue(Double.isNaN(idle.latencyMaxMillis()));

        // More than one core busy: CPU % above 100.
        now.addAndGet(SECOND);
        target.egress = 13_000;
        cpuMicros.addAndGet(2_500_000);
        LoadSample busy = sampler.sampleOnce();
        assertEquals(250.0, busy.cpuPercent(), 1e-9);
        assertEquals(250.0, busy.cpuMicrosPerEgressPacket(), 1e-9);
        assertEquals(10_000, busy.egressPacketsPerSecond(), 1e-9);

        assertEquals(List.of(first, idle, busy), sampler.samples());
        assertEquals(0, sampler.failures());
        assertNull(sampler.lastFailure());
    }

    @Test
    void aFailedReadingIsSkippedAndCountedAndTheNextSampleCoversBothIntervals() {
        target.egress = 0;
        sampler.sampleOnce();

        now.addAndGet(SECOND);
        target.egress = 1_000;
        cpuMicros.set(100_000);
        window.recordLatency(10 * MS);
        target.failNext = true;
        assertNull(sampler.sampleOnce());
        assertEquals(1, sampler.failures());
        assertTrue(sampler.lastFailure().contains("scripted failure"), sampler.lastFailure());

        now.addAndGet(SECOND);
        target.egress = 4_000;
        cpuMicros.set(400_000);
        window.recordLatency(20 * MS);
        LoadSample s = sampler.sampleOnce();

        assertEquals(2.0, s.intervalSeconds(), 1e-9);
        assertEquals(2_000, s.egressPacketsPerSecond(), 1e-9);
        assertEquals(20.0, s.cpuPercent(), 1e-9);
        assertEquals(100.0, s.cpuMicrosPerEgressPacket(), 1e-9);
        assertEquals(2, s.latencySamples(), "the failed second's latencies are kept for the next sample");
        assertEquals(1, sampler.samples().size());
    }

    @Test
    void aThrowingCpuClockOrParticipantCountIsAFailureNotAnException() {
        LoadSampler brokenCpu = new LoadSampler(target, () -> {
            throw new UncheckedIOException(new IOException("no /proc"));
        }, joined::get, window, now::get);
        assertNull(brokenCpu.sampleOnce());
        assertEquals(1, brokenCpu.failures());
        assertTrue(brokenCpu.lastFailure().contains("no /proc"), brokenCpu.lastFailure());

        LoadSampler brokenCount = new LoadSampler(target, cpuMicros::get, () -> {
            throw new IllegalStateException("count");
        }, window, now::get);
        assertNull(brokenCount.sampleOnce());
        assertEquals(1, brokenCount.failures());
    }

    @Test
    void countersGoingBackwardsAreAFailureAndANewBaseline() {
        target.egress = 5_000;
        sampler.sampleOnce();
        now.addAndGet(SECOND);
        target.egress = 10; // e.g. a restarted server
        assertNull(sampler.sampleOnce());
        assertEquals(1, sampler.failures());

        now.addAndGet(SECOND);
        target.egress = 510;
        LoadSample s = sampler.sampleOnce();
        assertEquals(500, s.egressPacketsPerSecond(), 1e-9);
    }

    @Test
    void cpuMicrosOfWrapsTheProcessClock() {
        long micros = LoadSampler.cpuMicrosOf(new ProcessCpuClock(ProcessHandle.current().pid())).getAsLong();
        assertTrue(micros > 0, "this JVM has used CPU: " + micros);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> LoadSampler.cpuMicrosOf(new ProcessCpuClock(Long.MAX_VALUE)).getAsLong());
        assertNotNull(e.getCause());
    }

    @Test
    @Timeout(30)
    void theThreadIsADaemonThatStartsOnceAndEndsOnStop() throws Exception {
        LoadSampler live = new LoadSampler(target, cpuMicros::get, joined::get, window);
        assertTrue(live.stop().isEmpty(), "stop before start is harmless");

        LoadSampler started = new LoadSampler(target, cpuMicros::get, joined::get, window);
        started.start();
        assertThrows(IllegalStateException.class, started::start);
        assertTrue(started.running(), "it runs until stopped");
        Thread thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("bench-load-sampler")).findFirst().orElseThrow();
        assertTrue(thread.isDaemon(), "must not keep the JVM alive");
        List<LoadSample> samples = started.stop();
        assertFalse(started.running());
        assertEquals(samples, started.stop(), "stopping twice returns the same samples");
        assertEquals(0, started.failures(), started.lastFailure());
    }

    @Test
    void theWindowsIntervalRecorderGetsEveryStampedPacketAndResetsOnRead() {
        ReceiveStats stats = new ReceiveStats(window);
        stats.onPacket(1, 1, 0, 3 * MS, true); // window closed: interval only
        window.open();
        stats.onPacket(1, 2, 0, 5 * MS, true);
        stats.onPacket(1, 3, 10 * MS, 9 * MS, true); // clock skew: counted as 0
        window.close();

        Histogram interval = window.intervalLatency();
        assertEquals(3, interval.getTotalCount());
        assertEquals(0, interval.getMinValue());
        assertEquals(5 * MS, interval.getMaxValue(), 5 * MS / 1000.0);
        assertEquals(2, stats.latency().getTotalCount(), "the per-receiver histogram only while the window is open");
        assertEquals(0, window.intervalLatency().getTotalCount(), "reading starts the next interval");

        window.recordLatency(Long.MAX_VALUE);
        assertEquals(ReceiveStats.MAX_LATENCY_NANOS, window.intervalLatency().getMaxValue(),
                ReceiveStats.MAX_LATENCY_NANOS / 1000.0, "clamped, not an overflow");
    }
}
