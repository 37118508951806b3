package io.meridian.router.cc;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Probing on a simulated path (no sockets, no clock), as an SFU sends: the media rate is the publisher's, 300 kb/s
 * whatever the estimate, so only probe clusters (bursts sent back to back, as the {@link Prober} sends them) can show
 * the path carries more. A bottleneck of a given capacity with a drop-tail queue, one-way delay 20 ms, a tick and a
 * transport-wide feedback every 100 ms.
 */
class ProbingTraceTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final int PACKET = 1200;
    private static final long MEDIA_SPACING = 32 * MS; // 1,200 B every 32 ms: 300 kb/s

    private static final class Path {
        final long capacityBps;
        long busyUntil;

        Path(long capacityBps) {
            this.capacityBps = capacityBps;
        }

        long send(long at) {
            long start = Math.max(at, busyUntil);
            if (start - at > 400 * MS) {
                return Long.MIN_VALUE;
            }
            busyUntil = start + PACKET * 8L * SECOND / capacityBps;
            return busyUntil + 20 * MS;
        }
    }

    /** The estimate every 100 ms over {@code seconds} of 300 kb/s media, probing or not. */
    private static List<Long> run(long capacityBps, boolean probing, int seconds) {
        Path path = new Path(capacityBps);
        BandwidthEstimator estimator = new BandwidthEstimator(SendSideEstimation.INITIAL_BPS);
        ProbeController controller = new ProbeController(5_000_000);
        List<long[]> pending = new ArrayList<>(); // send, arrival, cluster
        long[] send = new long[4096];
        long[] arrival = new long[4096];
        int[] sizes = new int[4096];
        int[] clusters = new int[4096];
        List<Long> trace = new ArrayList<>();
        long nextMedia = 0;
        for (long tick = 100 * MS; tick <= seconds * SECOND; tick += 100 * MS) {
            for (; nextMedia < tick; nextMedia += MEDIA_SPACING) {
                pending.add(new long[] {nextMedia, path.send(nextMedia), 0});
            }
            // Feedback on what arrived by now (a loss is known once a later packet arrived).
            int n = 0;
            List<long[]> later = new ArrayList<>();
            for (long[] p : pending) {
                boolean known = p[1] == Long.MIN_VALUE ? p[0] + 20 * MS <= tick : p[1] <= tick;
                if (known) {
                    send[n] = p[0];
                    arrival[n] = p[1];
                    sizes[n] = PACKET;
                    clusters[n] = (int) p[2];
                    n++;
                } else {
                    later.add(p);
                }
            }
            pending.clear();
            pending.addAll(later);
            estimator.onFeedback(send, arrival, sizes, clusters, n, 40 * MS, tick);
            if (probing) {
                long result = estimator.takeProbeResult();
                if (result > 0) {
                    controller.measured(tick, result);
                }
                long target = controller.due(tick, estimator.estimateBps());
                if (target > 0) {
                    int packets = (int) Math.max(5, target * 15 / 1000 / 8 / PACKET + 1);
                    int id = controller.started(tick, target);
                    estimator.probeStarted(id, target, packets);
                    for (int i = 0; i < packets; i++) {
                        pending.add(new long[] {tick, path.send(tick), id});
                    }
                }
            }
            trace.add(estimator.estimateBps());
        }
        return trace;
    }

    private static long highest(List<Long> trace, int fromTick, int toTick) {
        return trace.subList(fromTick, toTick).stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private static long lowest(List<Long> trace, int fromTick, int toTick) {
        return trace.subList(fromTick, toTick).stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    @Test
    void probesFindAWidePathThatTheMediaAloneNeverShows() {
        List<Long> probed = run(2_500_000, true, 30);
        List<Long> unprobed = run(2_500_000, false, 30);
        assertTrue(highest(probed, 0, 100) > 1_500_000, "above 1.5 Mb/s within 10 s: " + highest(probed, 0, 100));
        assertTrue(highest(probed, 200, 300) <= 5_000_000, "never above the ceiling");
        assertTrue(lowest(probed, 150, 300) > 1_500_000, "and stays there: " + lowest(probed, 150, 300));
        assertTrue(highest(unprobed, 0, 300) < 600_000, "without probes the estimate stays near the 300 kb/s sent: "
                + highest(unprobed, 0, 300));
    }

    @Test
    void probesOfANarrowPathLeaveTheEstimateNearItsCapacity() {
        List<Long> probed = run(600_000, true, 30);
        long high = highest(probed, 50, 300);
        long low = lowest(probed, 50, 300);
        assertTrue(high <= 900_000 && low >= 250_000, "near the 600 kb/s path: " + low + "-" + high);
    }
}
