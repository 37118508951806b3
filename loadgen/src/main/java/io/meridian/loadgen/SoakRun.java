package io.meridian.loadgen;

import io.meridian.client.ApiClient;
import io.meridian.srtp.SrtpProfile;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A node under churn for a set time: cycle after cycle, participants join two conferences at once, publish audio and
 * video (the load generator's synthetic participants and pacer), one of each conference leaves and another joins in
 * its place, then everyone leaves. The node runs with Netty's paranoid leak detection (every buffer tracked) and its
 * whole heap committed from the start (so RSS grows only with native memory). The
 * figures ({@link SoakFigures}) are taken with nobody left, after a full GC: at the start after one warm-up cycle
 * (which fills the pools and thread pools an idle node has not needed yet), and at the end. Leaks are the
 * {@code LEAK:} reports in the node's log.
 */
final class SoakRun {
    /** The conferences of a cycle and their sizes. */
    private static final int[] SIZES = {3, 4};
    private static final long MEDIA_MILLIS = 3000;
    private static final long CHURN_MILLIS = 2000;
    /** Bounds a cycle's wait for everyone's media; a cycle that misses it counts as a failed one. */
    private static final long MEDIA_DEADLINE_MILLIS = 30_000;
    private static final long SETTLE_MILLIS = 2000;
    private static final List<SrtpProfile> PROFILES = List.of(SrtpProfile.AEAD_AES_128_GCM);
    private static final String HEAP = "512m";

    /** What a soak saw. */
    record Outcome(SoakFigures start, SoakFigures end, int cycles, int joins, int cyclesWithoutMedia, long leaks,
                   List<String> leakReports, double seconds, Map<String, Integer> threadsStart,
                   Map<String, Integer> threadsEnd) {
    }

    private final Path log;
    private final Duration duration;
    private final ExecutorService joins = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "soak-join");
        t.setDaemon(true);
        return t;
    });
    /** DTLS handshakes' flights: not the join threads, which wait for the handshakes. */
    private final ExecutorService handshakes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "soak-dtls");
        t.setDaemon(true);
        return t;
    });
    private int nextStreamId = 1;
    private int joined;
    private int cyclesWithoutMedia;

    SoakRun(Path log, Duration duration) {
        this.log = log;
        this.duration = duration;
    }

    Outcome run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        // The whole heap committed and touched from the start: the JVM grows a heap it needs only on demand and
        // keeps it, which would read as RSS growth; this way what RSS gains is native memory.
        try (ServerProcess node = ServerProcess.start(log, HEAP, List.of(), List.of(),
                List.of("-Dio.netty.leakDetection.level=paranoid", "-Xms" + HEAP, "-XX:+AlwaysPreTouch"));
             MediaPacer pacer = new MediaPacer(MediaProfile.defaults(300))) {
            ApiClient api = new ApiClient(URI.create("http://" + node.host() + ":" + node.httpPort()));
            cycle(api, pacer, "warmup");
            SoakFigures start = figures(node, api);
            Map<String, Integer> threadsStart = node.threadsByName();
            long deadline = started + duration.toNanos();
            int cycles = 0;
            while (System.nanoTime() < deadline) {
                cycle(api, pacer, "c" + cycles++);
            }
            // After the last GC, buffers leaked before it are reported when buffers are next allocated: one more
            // short call allocates them, then everyone has left again for the end figures.
            figures(node, api);
            cycle(api, pacer, "flush");
            SoakFigures end = figures(node, api);
            Map<String, Integer> threadsEnd = node.threadsByName();
            List<String> leaks = Files.readAllLines(log).stream().filter(l -> l.contains("LEAK:")).toList();
            return new Outcome(start, end, cycles, joined, cyclesWithoutMedia, leaks.size(),
                    leaks.stream().limit(5).toList(), (System.nanoTime() - started) / 1e9, threadsStart, threadsEnd);
        } finally {
            joins.shutdownNow();
            handshakes.shutdownNow();
        }
    }

    /** One cycle: everyone joins and publishes, one per conference is replaced, everyone leaves. */
    private void cycle(ApiClient api, MediaPacer pacer, String name) throws InterruptedException {
        List<List<SyntheticParticipant>> conferences = new ArrayList<>();
        for (int c = 0; c < SIZES.length; c++) {
            conferences.add(joinAll(api, pacer, name + "-" + c, SIZES[c]));
        }
        boolean media = awaitMedia(conferences);
        Thread.sleep(MEDIA_MILLIS);
        for (int c = 0; c < SIZES.length; c++) {
            List<SyntheticParticipant> room = conferences.get(c);
            if (!room.isEmpty()) {
                leave(pacer, room.remove(0));
            }
            room.addAll(joinAll(api, pacer, name + "-" + c, 1));
        }
        media &= awaitMedia(conferences);
        Thread.sleep(CHURN_MILLIS);
        for (List<SyntheticParticipant> room : conferences) {
            room.forEach(p -> leave(pacer, p));
        }
        if (!media) {
            cyclesWithoutMedia++;
        }
    }

    /** {@code count} publishers joined to {@code conferenceId} at once; one that fails to join is left out. */
    private List<SyntheticParticipant> joinAll(ApiClient api, MediaPacer pacer, String conferenceId, int count)
            throws InterruptedException {
        List<Future<SyntheticParticipant>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int streamId = nextStreamId;
            nextStreamId += 2;
            pending.add(joins.submit(() -> {
                SyntheticParticipant p = new SyntheticParticipant(api, conferenceId, "soak", true, streamId,
                        new MeasurementWindow());
                try {
                    p.join(PROFILES, handshakes);
                } catch (IOException | RuntimeException e) {
                    p.close();
                    throw e;
                }
                return p;
            }));
        }
        List<SyntheticParticipant> out = new ArrayList<>();
        for (Future<SyntheticParticipant> f : pending) {
            try {
                SyntheticParticipant p = f.get(MEDIA_DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
                pacer.add(p);
                out.add(p);
                joined++;
            } catch (Exception e) {
                System.err.println("soak: a join failed: " + e);
            }
        }
        return out;
    }

    /** Whether every participant gets every other one's audio and video within the deadline. */
    private static boolean awaitMedia(List<List<SyntheticParticipant>> conferences) throws InterruptedException {
        long deadline = System.currentTimeMillis() + MEDIA_DEADLINE_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            boolean all = conferences.stream().allMatch(room -> room.stream()
                    .allMatch(p -> p.stats().trackCount() >= 2 * (room.size() - 1)));
            if (all) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static void leave(MediaPacer pacer, SyntheticParticipant p) {
        pacer.remove(p);
        p.close();
    }

    /** Everyone has left: lets the node settle, collects its garbage twice and reads the figures. */
    private static SoakFigures figures(ServerProcess node, ApiClient api) throws IOException, InterruptedException {
        Thread.sleep(SETTLE_MILLIS);
        if (!node.collectGarbage() || !node.collectGarbage()) {
            throw new IOException("jcmd GC.run failed on the node (pid " + node.pid() + ")");
        }
        return SoakFigures.scrape(api);
    }
}
