package io.meridian.loadgen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario against a server it starts as a child process ({@link BenchTarget}): joins every participant
 * (media starts as each one's DTLS completes), waits until every receiver gets every stream, then measures for the
 * requested duration: the server's CPU time (/proc) and egress packet count before and after the window, and
 * latencies recorded meanwhile. Loss and join times cover the whole run. Every wait is bounded.
 */
final class BenchRunner {
    private static final long SETTLE_MILLIS = 500;
    /** Media flows this long before the window opens, so start-up JIT compilation is not measured. */
    private static final int WARMUP_SECONDS = 3;
    /** How long receivers may take to reach the simulcast layers they asked for. */
    private static final int LAYERS_SECONDS = 60;

    private final BenchOptions options;
    private final Scenario scenario;
    private final ProgressBar progress;

    private final BenchTarget.Factory targets;
    /** Called once media flows and the warm-up is over, just before the window opens (see {@link #run}). */
    private final WindowStart windowStart;

    /** What the measured window waits for: another run's, so both measure the same seconds. */
    interface WindowStart {
        WindowStart NOW = () -> { };

        void await() throws InterruptedException, IOException;
    }

    BenchRunner(BenchOptions options, ProgressBar progress, BenchTarget.Factory targets) {
        this(options, progress, targets, WindowStart.NOW);
    }

    BenchRunner(BenchOptions options, ProgressBar progress, BenchTarget.Factory targets, WindowStart windowStart) {
        this.targets = targets;
        this.options = options;
        this.scenario = Scenario.named(options.scenario());
        this.progress = progress;
        this.windowStart = windowStart;
    }

    BenchResult run() throws IOException, InterruptedException {
        Path log = siblingOf(options.output(), "-node.log");
        progress.status("starting the server (log: " + log + ")");
        BenchResult result;
        try (BenchTarget target = targets.start(log, options)) {
            result = measure(target);
        }
        Path plot = plotFile(options.output(), result.target());
        int points = PlotWriter.write(plot, result.loadSamples(), result.scenario(), result.target());
        System.out.println("PNG: " + plot.toAbsolutePath() + " (" + points + " one-second samples)");
        return result;
    }

    /** The plot beside the JSON: {@code x.json} -> {@code x-<target>.png}. */
    static Path plotFile(Path json, String target) {
        return siblingOf(json, "-" + target + ".png");
    }

    /** {@code dir/x.json} -> {@code dir/x<suffix>}. */
    static Path siblingOf(Path json, String suffix) {
        String name = json.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return json.toAbsolutePath().resolveSibling(stem + suffix);
    }

    private BenchResult measure(BenchTarget target) throws IOException, InterruptedException {
        ProcessCpuClock cpu = new ProcessCpuClock(target.pid());
        boolean gc = true;
        long udpDropsBefore = UdpDropCounters.read();
        List<Scenario.Participant> plan = scenario.participants(options);
        MeasurementWindow window = new MeasurementWindow();
        MediaPacer pacer = new MediaPacer(MediaProfile.defaults(options.videoKbps()));
        ConsentRefresher consent = new ConsentRefresher();
        Joiner joiner = new Joiner(target, List.of(options.srtp()), window, progress, pacer, consent, cpu);
        List<BenchParticipant> joined = joiner.joined;
        LoadSampler sampler = new LoadSampler(target, LoadSampler.cpuMicrosOf(cpu), joiner.joinedCount::get, window);
        try {
            sampler.start();
            joiner.joinAll(plan, System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + plan.size()));
            awaitAllMedia(joined, joiner.conferences);
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
            for (long now = System.nanoTime(); now < warmupEnd; now = System.nanoTime()) {
                progress.update("warm-up  ", WARMUP_SECONDS - (warmupEnd - now) / 1e9, WARMUP_SECONDS, "");
                Thread.sleep(Math.max(1, Math.min(500, TimeUnit.NANOSECONDS.toMillis(warmupEnd - now))));
            }
            windowStart.await();

            BenchTarget.ServerSample before = target.sample();
            ThreadCpu threads = new ThreadCpu(target.pid());
            Map<String, ThreadCpu.Sample> threadsBefore = threads.snapshot();
            long cpuBefore = cpu.cpuMicros();
            long start = System.nanoTime();
            window.open();
            long end = start + TimeUnit.SECONDS.toNanos(options.durationSeconds());
            for (long now = start; now < end; now = System.nanoTime()) {
                Thread.sleep(Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(end - now))));
                progress.update("measuring", (System.nanoTime() - start) / 1e9, options.durationSeconds(), "");
            }
            window.close();
            List<LoadSample> samples = sampler.stop();
            long cpuAfter = cpu.cpuMicros();
            Map<String, ThreadCpu.Sample> threadsAfter = threads.snapshot();
            BenchTarget.ServerSample after = target.sample();
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.finish();

            gc &= target.collectGarbage();
            double memoryFull = target.sample().memoryBytes();
            pacer.close();
            Thread.sleep(SETTLE_MILLIS);
            joined.forEach(BenchParticipant::stopMedia);
            ReceptionTally tally = ReceptionTally.of(joined, joiner.conferences, joiner.timedJoins);
            joined.stream().flatMap(p -> p.signallingProblems().stream()).distinct().limit(5)
                    .forEach(problem -> System.err.println("bench: signalling problem: " + problem));
            // Memory per participant: live memory with everyone joined minus live memory once they have all left,
            // both on the same warmed-up server (a baseline taken at start-up includes start-up garbage and caches).
            progress.status("leaving (" + joined.size() + " participants)");
            joined.forEach(BenchParticipant::close);
            Thread.sleep(SETTLE_MILLIS);
            gc &= target.collectGarbage();
            double memoryEmpty = target.sample().memoryBytes();

            long udpDropsAfter = UdpDropCounters.read();
            long egress = Math.round(after.egressPackets() - before.egressPackets());
            double cpuMicros = cpuAfter - cpuBefore;
            return new BenchResult(scenario.name(), scenario.describe(options) + (options.tcp() ? ", over ICE-TCP" : "")
                    + (options.receiverLoss() > 0 ? ", " + options.receiverLoss() + " % lost on receivers' links" : ""),
                    target.name(),
                    options.srtp().name(), options.videoKbps(), Runtime.getRuntime().availableProcessors(), seconds,
                    joined.size(), (int) joined.stream().filter(BenchParticipant::publishes).count(),
                    tally.receivers, tally.receiversWithAllMedia, joiner.failures, tally.signallingProblems,
                    cpuMicros / 1e6, ThreadCpu.percentOfCore(threadsBefore, threadsAfter, seconds), egress,
                    egress == 0 ? Double.NaN : cpuMicros / egress,
                    perEgress(after.mediaCpuSeconds() * 1e6, before.mediaCpuSeconds() * 1e6, egress),
                    perEgress(after.allocatedBytes(), before.allocatedBytes(), egress),
                    egress / seconds,
                    (after.ingressPackets() - before.ingressPackets()) / seconds,
                    before.droppedPackets() < 0 ? -1 : Math.round(after.droppedPackets() - before.droppedPackets()),
                    windowCounts(before.featurePackets(), after.featurePackets()),
                    tally.latency.getTotalCount(), millis(tally.latency, 50), millis(tally.latency, 99),
                    millis(tally.latency, 99.9), tally.latency.getMaxValue() / 1e6,
                    batchDelay(before, after, 0.5), batchDelay(before, after, 0.99),
                    tally.expected, tally.lost, tally.expected == 0 ? Double.NaN : (double) tally.lost / tally.expected,
                    tally.reordered,
                    tally.undecryptable, (int) tally.joinMillis.getTotalCount(),
                    tally.joinMillis.getTotalCount() == 0 ? Double.NaN : tally.joinMillis.getValueAtPercentile(50),
                    tally.joinMillis.getTotalCount() == 0 ? Double.NaN : tally.joinMillis.getValueAtPercentile(99),
                    JoinPhases.medians(joiner.timedJoins),
                    joiner.stormServerCpuMillisPerJoin, joiner.stormGeneratorCpuMillisPerJoin,
                    joiner.stormServerCpuByThread,
                    (memoryFull - memoryEmpty) / Math.max(1, joined.size()), memoryFull, gc, after.threads(),
                    tally.sendFailures, udpDropsBefore < 0 || udpDropsAfter < 0 ? -1 : udpDropsAfter - udpDropsBefore,
                    SimulcastFigures.of(tally), samples);
        } finally {
            sampler.stop();
            pacer.close();
            consent.close();
            progress.status("leaving (" + joined.size() + " participants)");
            joined.forEach(BenchParticipant::close);
            progress.finish();
            joiner.close();
        }
    }

    /**
     * Waits (at most 30 s) until every receiver has got every track published in its conference, then (at most
     * {@link #LAYERS_SECONDS} s) until every receiver gets each simulcast track on the layer it asked for: the node
     * starts a receiver on the lowest layer and steps up as its estimate of the receiver's path proves room, so the
     * window measures the mix asked for, not the climb. What is still short then shows in the figures.
     */
    private void awaitAllMedia(List<BenchParticipant> joined, Map<BenchParticipant, String> conferences)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            long missing = joined.stream().filter(r -> r.stats().trackCount() < ReceptionTally.tracksOf(
                    ReceptionTally.publishedTo(r, joined, conferences))).count();
            if (missing == 0) {
                break;
            }
            progress.status(String.format(Locale.ROOT, "waiting for media: %d receivers incomplete", missing));
            Thread.sleep(100);
        }
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LAYERS_SECONDS);
        while (System.nanoTime() < deadline) {
            long off = joined.stream().mapToLong(r -> ReceptionTally.simulcastTracksOf(
                    ReceptionTally.publishedTo(r, joined, conferences)).length - r.tracksOnWishedLayer()).sum();
            if (off <= 0) {
                return;
            }
            progress.status(String.format(Locale.ROOT, "waiting for layers: %d tracks not yet on the layer asked for",
                    off));
            Thread.sleep(200);
        }
    }

    /** A quantile of the node's read-batch delay over the window; NaN when the server does not report it. */
    private static double batchDelay(BenchTarget.ServerSample before, BenchTarget.ServerSample after, double q) {
        return before.batchDelay() == null || after.batchDelay() == null ? Double.NaN
                : after.batchDelay().quantileMillisSince(before.batchDelay(), q);
    }

    /** A counter's increase per egress packet; NaN when the server does not report it. */
    private static double perEgress(double after, double before, long egress) {
        return before < 0 || after < 0 || egress == 0 ? Double.NaN : (after - before) / egress;
    }

    private static double millis(org.HdrHistogram.Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
    }

    /** Each counter's increase over the window, by name. */
    private static Map<String, Long> windowCounts(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Long> out = new java.util.TreeMap<>();
        after.forEach((name, value) -> out.put(name, Math.round(value - before.getOrDefault(name, 0.0))));
        return out;
    }
}
