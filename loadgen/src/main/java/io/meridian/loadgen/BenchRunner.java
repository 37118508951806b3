package io.meridian.loadgen;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario against a Meridian node it starts as a child process: joins every participant (media starts
 * as each one's DTLS completes), waits until every receiver gets every stream, then measures for the requested
 * duration: the node's CPU time (/proc) and egress packet count (/metrics) before and after the window, and
 * latencies recorded meanwhile. Loss and join times cover the whole run. Every wait is bounded.
 */
final class BenchRunner {
    private static final long SETTLE_MILLIS = 500;
    /** Media flows this long before the window opens, so start-up JIT compilation is not measured. */
    private static final int WARMUP_SECONDS = 3;

    private final BenchOptions options;
    private final Scenario scenario;
    private final ProgressBar progress;

    BenchRunner(BenchOptions options, ProgressBar progress) {
        this.options = options;
        this.scenario = Scenario.named(options.scenario());
        this.progress = progress;
    }

    BenchResult run() throws IOException, InterruptedException {
        Path log = options.output().toAbsolutePath().resolveSibling("bench-" + scenario.name() + "-node.log");
        progress.status("starting the node (log: " + log + ")");
        try (ServerProcess node = ServerProcess.start(log, options.serverHeap())) {
            return measure(node);
        }
    }

    private BenchResult measure(ServerProcess node) throws IOException, InterruptedException {
        SignallingClient api = new SignallingClient(URI.create("http://127.0.0.1:" + node.httpPort()));
        ProcessCpuClock cpu = new ProcessCpuClock(node.pid());
        boolean gc = true;
        long udpDropsBefore = UdpDropCounters.read();
        List<Scenario.Participant> plan = scenario.participants(options);
        List<SyntheticParticipant> joined = new ArrayList<>();
        List<SyntheticParticipant> timedJoins = new ArrayList<>();
        Map<SyntheticParticipant, String> conferences = new IdentityHashMap<>();
        MeasurementWindow window = new MeasurementWindow();
        ExecutorService handshakeThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-dtls");
            t.setDaemon(true);
            return t;
        });
        MediaPacer pacer = new MediaPacer(MediaProfile.defaults(options.videoKbps()));
        ConsentRefresher consent = new ConsentRefresher();
        int joinFailures = 0;
        try {
            long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + plan.size());
            int streamId = 1;
            for (Scenario.Participant planned : plan) {
                if (System.nanoTime() > joinDeadline) {
                    joinFailures += plan.size() - joined.size() - joinFailures;
                    break;
                }
                progress.update("joining ", joined.size(), plan.size(), "");
                SyntheticParticipant p = new SyntheticParticipant(planned.conferenceId(), planned.label(),
                        planned.publishes(), streamId, window);
                streamId += 2;
                boolean mediaFlowing = pacer.hasPublishers();
                try {
                    p.join(api, List.of(options.srtp()), handshakeThreads);
                } catch (IOException e) {
                    joinFailures++;
                    System.err.println("\nbench: " + e.getMessage());
                    p.close();
                    continue;
                }
                joined.add(p);
                conferences.put(p, planned.conferenceId());
                pacer.add(p);
                consent.add(p);
                if (mediaFlowing) {
                    timedJoins.add(p);
                }
            }
            awaitAllMedia(joined, conferences);
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
            for (long now = System.nanoTime(); now < warmupEnd; now = System.nanoTime()) {
                progress.update("warm-up  ", WARMUP_SECONDS - (warmupEnd - now) / 1e9, WARMUP_SECONDS, "");
                Thread.sleep(Math.max(1, Math.min(500, TimeUnit.NANOSECONDS.toMillis(warmupEnd - now))));
            }

            NodeMetrics before = NodeMetrics.scrape(api);
            long cpuBefore = cpu.cpuMicros();
            long start = System.nanoTime();
            window.open();
            long end = start + TimeUnit.SECONDS.toNanos(options.durationSeconds());
            for (long now = start; now < end; now = System.nanoTime()) {
                Thread.sleep(Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(end - now))));
                progress.update("measuring", (System.nanoTime() - start) / 1e9, options.durationSeconds(), "");
            }
            window.close();
            long cpuAfter = cpu.cpuMicros();
            NodeMetrics after = NodeMetrics.scrape(api);
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.finish();

            gc &= node.collectGarbage();
            double heapAfter = NodeMetrics.scrape(api).heapUsedBytes();
            pacer.close();
            Thread.sleep(SETTLE_MILLIS);
            joined.forEach(SyntheticParticipant::stopMedia);
            ReceptionTally tally = ReceptionTally.of(joined, conferences, timedJoins);
            // Heap per participant: live heap with everyone joined minus live heap once they have all left, both
            // on the same warmed-up node (a baseline taken at start-up includes start-up garbage and caches).
            progress.status("leaving (" + joined.size() + " participants)");
            joined.forEach(SyntheticParticipant::close);
            Thread.sleep(SETTLE_MILLIS);
            gc &= node.collectGarbage();
            double heapEmpty = NodeMetrics.scrape(api).heapUsedBytes();

            long udpDropsAfter = UdpDropCounters.read();
            long egress = Math.round(after.packetsSent() - before.packetsSent());
            double cpuMicros = cpuAfter - cpuBefore;
            return new BenchResult(scenario.name(), scenario.describe(options), options.target(),
                    options.srtp().name(), options.videoKbps(), Runtime.getRuntime().availableProcessors(), seconds,
                    joined.size(), (int) joined.stream().filter(SyntheticParticipant::publishes).count(),
                    tally.receivers, tally.receiversWithAllMedia, joinFailures, tally.signallingProblems,
                    cpuMicros / 1e6, egress,
                    egress == 0 ? Double.NaN : cpuMicros / egress, egress / seconds,
                    (after.packetsReceived() - before.packetsReceived()) / seconds,
                    Math.round(after.packetsDropped() - before.packetsDropped()),
                    tally.latency.getTotalCount(), millis(tally.latency, 50), millis(tally.latency, 99),
                    millis(tally.latency, 99.9), tally.latency.getMaxValue() / 1e6,
                    tally.expected, tally.lost, tally.expected == 0 ? Double.NaN : (double) tally.lost / tally.expected,
                    tally.reordered,
                    tally.undecryptable, (int) tally.joinMillis.getTotalCount(),
                    tally.joinMillis.getTotalCount() == 0 ? Double.NaN : tally.joinMillis.getValueAtPercentile(50),
                    tally.joinMillis.getTotalCount() == 0 ? Double.NaN : tally.joinMillis.getValueAtPercentile(99),
                    (heapAfter - heapEmpty) / Math.max(1, joined.size()), heapAfter, gc, (int) after.threads(),
                    tally.sendFailures, udpDropsBefore < 0 || udpDropsAfter < 0 ? -1 : udpDropsAfter - udpDropsBefore);
        } finally {
            pacer.close();
            consent.close();
            progress.status("leaving (" + joined.size() + " participants)");
            joined.forEach(SyntheticParticipant::close);
            progress.finish();
            handshakeThreads.shutdownNow();
        }
    }

    /** Waits (at most 30 s) until every receiver has got every stream published in its conference. */
    private void awaitAllMedia(List<SyntheticParticipant> joined, Map<SyntheticParticipant, String> conferences)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            long missing = joined.stream().filter(r -> r.stats().streamCount() < expectedStreams(r, joined,
                    conferences)).count();
            if (missing == 0) {
                return;
            }
            progress.status(String.format(Locale.ROOT, "waiting for media: %d receivers incomplete", missing));
            Thread.sleep(100);
        }
    }

    private static long expectedStreams(SyntheticParticipant receiver, List<SyntheticParticipant> joined,
                                        Map<SyntheticParticipant, String> conferences) {
        return joined.stream().filter(p -> p != receiver && conferences.get(p).equals(conferences.get(receiver)))
                .mapToLong(p -> p.published().size()).sum();
    }

    private static double millis(org.HdrHistogram.Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
    }
}
