package io.meridian.router.cc;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The estimator on a simulated path (no sockets, no clock): a sender paced at the estimate, a bottleneck of a given
 * capacity with a drop-tail queue, one-way delay 20 ms, transport-wide feedback every 100 ms.
 */
class BandwidthEstimatorTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    private static final int PACKET = 1200;

    /** A bottleneck whose capacity the test changes over time. */
    private static final class Path {
        long capacityBps;
        final long propagation = 20 * MS;
        final long maxQueue = 400 * MS;
        long busyUntil;

        /** Arrival time at the receiver, or Long.MIN_VALUE when the queue drops the packet. */
        long send(long at, int size) {
            long start = Math.max(at, busyUntil);
            if (start - at > maxQueue) {
                return Long.MIN_VALUE;
            }
            busyUntil = start + size * 8L * SECOND / capacityBps;
            return busyUntil + propagation;
        }
    }

    private record Sent(long send, long arrival, int size) {
    }

    /** Runs the path from {@code from} to {@code to}; returns the estimate every 100 ms. */
    private static List<long[]> run(BandwidthEstimator estimator, Path path, long from, long to, List<Sent> pending) {
        List<long[]> trace = new ArrayList<>();
        long nextSend = from;
        long nextFeedback = from + 100 * MS;
        long[] send = new long[20_000];
        long[] arrival = new long[20_000];
        int[] sizes = new int[20_000];
        for (long t = from; t < to; ) {
            if (nextSend <= nextFeedback) {
                t = nextSend;
                pending.add(new Sent(t, path.send(t, PACKET), PACKET));
                nextSend = t + PACKET * 8L * SECOND / Math.max(estimator.estimateBps(), 10_000);
            } else {
                t = nextFeedback;
                int n = 0;
                List<Sent> later = new ArrayList<>();
                for (Sent s : pending) {
                    boolean known = s.arrival() == Long.MIN_VALUE ? s.send() + path.propagation <= t
                            : s.arrival() <= t;
                    if (known) {
                        send[n] = s.send();
                        arrival[n] = s.arrival();
                        sizes[n] = s.size();
                        n++;
                    } else {
                        later.add(s);
                    }
                }
                pending.clear();
                pending.addAll(later);
                estimator.onFeedback(send, arrival, sizes, n, 2 * path.propagation, t + path.propagation);
                trace.add(new long[] {t, estimator.estimateBps()});
                nextFeedback = t + 100 * MS;
            }
        }
        return trace;
    }

    private static long lowestBetween(List<long[]> trace, long from, long to) {
        return trace.stream().filter(p -> p[0] >= from && p[0] <= to).mapToLong(p -> p[1]).min().orElseThrow();
    }

    private static long highestBetween(List<long[]> trace, long from, long to) {
        return trace.stream().filter(p -> p[0] >= from && p[0] <= to).mapToLong(p -> p[1]).max().orElseThrow();
    }

    @Test
    void followsTheCapacityDownWithinFiveSecondsAndBackUpWithinTwenty() {
        BandwidthEstimator estimator = new BandwidthEstimator(1_000_000);
        Path path = new Path();
        List<Sent> pending = new ArrayList<>();
        path.capacityBps = 2_000_000;
        List<long[]> trace = new ArrayList<>(run(estimator, path, 0, 20 * SECOND, pending));
        long before = estimator.estimateBps();
        assertTrue(before > 1_200_000, "grows toward a 2 Mb/s path: " + before);

        path.capacityBps = 500_000;
        trace.addAll(run(estimator, path, 20 * SECOND, 40 * SECOND, pending));
        long low = lowestBetween(trace, 20 * SECOND, 25 * SECOND);
        assertTrue(low < 600_000, "below 600 kb/s within 5 s of the drop: lowest " + low);
        long settled = highestBetween(trace, 30 * SECOND, 40 * SECOND);
        assertTrue(settled < 900_000, "stays near the 500 kb/s path: highest " + settled);

        path.capacityBps = 2_000_000;
        trace.addAll(run(estimator, path, 40 * SECOND, 60 * SECOND, pending));
        long back = highestBetween(trace, 40 * SECOND, 60 * SECOND);
        assertTrue(back > 1_500_000, "above 1.5 Mb/s within 20 s of the capacity's return: highest " + back);
    }

    @Test
    void heavyLossHalvesTheRateByHalfTheLoss() {
        BandwidthEstimator estimator = new BandwidthEstimator(1_000_000);
        long[] send = new long[10];
        long[] arrival = new long[10];
        int[] sizes = new int[10];
        for (int i = 0; i < 10; i++) {
            send[i] = i * MS;
            arrival[i] = i % 2 == 0 ? Long.MIN_VALUE : 20 * MS + i * MS;
            sizes[i] = PACKET;
        }
        long after = estimator.onFeedback(send, arrival, sizes, 10, 0, 100 * MS);
        assertTrue(after <= 750_000 && after >= 700_000, "50 % loss: 1 Mb/s x (1 - 0.25): " + after);
    }

    @Test
    void aSenderThatCannotSlowDownLeavesTheEstimateNearWhatThePathCarries() {
        // The node forwarding a 1.2 Mb/s stream it cannot thin to a receiver whose path takes 600 kb/s: the queue
        // stays full and half the packets are lost, yet the path keeps carrying 600 kb/s.
        BandwidthEstimator estimator = new BandwidthEstimator(300_000);
        Path path = new Path();
        path.capacityBps = 600_000;
        long[] send = new long[64];
        long[] arrival = new long[64];
        int[] sizes = new int[64];
        long t = 0;
        for (int feedback = 0; feedback < 200; feedback++) { // 20 s, feedback every 100 ms
            for (int i = 0; i < 12; i++, t += 8 * MS) { // 1,200 B every 8 ms = 1.2 Mb/s
                send[i] = t;
                arrival[i] = path.send(t, PACKET);
                sizes[i] = PACKET;
            }
            estimator.onFeedback(send, arrival, sizes, 12, 40 * MS, t + 500 * MS);
        }
        long estimate = estimator.estimateBps();
        assertTrue(estimate >= 400_000 && estimate <= 900_000, "settles near the 600 kb/s the path carries: "
                + estimate);
    }
}
