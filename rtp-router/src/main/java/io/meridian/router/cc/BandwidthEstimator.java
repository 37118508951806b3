package io.meridian.router.cc;

/**
 * A send-side bandwidth estimate for one receiver, GCC-style (draft-ietf-rmcat-gcc-02): fed with what the receiver's
 * transport-wide feedback says of each packet sent to it (send time, arrival time or lost, size), it keeps the
 * minimum of a delay-based estimate ({@link TrendlineDetector} + {@link AimdRateControl}) and a loss-based one
 * (§6: over 10 % loss the rate drops by half the loss; under 2 % it may follow the delay-based one up). Plain class,
 * times passed in: testable on synthetic traces with no clock. Not thread-safe: the sending loop's.
 */
public final class BandwidthEstimator {
    /** §5.2: packets sent within this span form one group (a frame's burst). */
    private static final long GROUP_NANOS = 5_000_000L;
    private static final double ACKED_FLOOR = 0.85;
    /** Acknowledged bitrate over this window. */
    private static final long ACK_WINDOW_NANOS = 500_000_000L;

    private final TrendlineDetector detector = new TrendlineDetector();
    private final ProbeMeter probes = new ProbeMeter();
    private long probeResult;
    private final AimdRateControl rateControl;
    private double lossBased;
    private long estimate;
    // The group being filled and the previous complete one: first send, last send, last arrival.
    private long groupFirstSend = Long.MIN_VALUE;
    private long groupLastSend;
    private long groupLastArrival;
    private long previousLastSend = Long.MIN_VALUE;
    private long previousLastArrival;
    // Acknowledged bitrate: bytes received in the current window.
    private long ackWindowStart = Long.MIN_VALUE;
    private long ackBytes;
    private long ackedBps;

    public BandwidthEstimator(long initialBps) {
        this.rateControl = new AimdRateControl(initialBps);
        this.lossBased = initialBps;
        this.estimate = initialBps;
    }

    /** The estimate, bits per second. */
    public long estimateBps() {
        return estimate;
    }

    /** The rate the receiver acknowledged over the last half second, bits per second (0 until known). */
    public long acknowledgedBps() {
        return ackedBps;
    }

    /** Cluster {@code id} (> 0) of {@code packets} probe packets was sent to prove {@code targetBps}. */
    public void probeStarted(int id, long targetBps, int packets) {
        probes.started(id, targetBps, packets);
    }

    /** What the path was seen to carry of the last probe cluster measured since the last call, or 0. */
    public long takeProbeResult() {
        long r = probeResult;
        probeResult = 0;
        return r;
    }

    public long onFeedback(long[] sendNanos, long[] arrivalNanos, int[] sizes, int count, long rttNanos, long now) {
        return onFeedback(sendNanos, arrivalNanos, sizes, null, count, rttNanos, now);
    }

    /**
     * One transport-wide feedback: for each of {@code count} packets in send order, when it was sent, when it
     * arrived (or {@code Long.MIN_VALUE} when the receiver reports it lost) on the receiver's clock, and its size.
     * {@code rttNanos} is the last measured round trip (0 = unknown); {@code clusters} (or null) the probe cluster each
     * belongs to (0 = none). Returns the new estimate.
     */
    public long onFeedback(long[] sendNanos, long[] arrivalNanos, int[] sizes, int[] clusters, int count,
                           long rttNanos, long now) {
        int lost = 0;
        for (int i = 0; i < count; i++) {
            if (arrivalNanos[i] == Long.MIN_VALUE) {
                lost++;
                continue;
            }
            acknowledge(arrivalNanos[i], sizes[i]);
            if (clusters != null && clusters[i] != 0) {
                probes.received(clusters[i], arrivalNanos[i], sizes[i]);
            }
            group(sendNanos[i], arrivalNanos[i]);
        }
        long delayBased = rateControl.update(detector.state(), ackedBps, rttNanos, now);
        double loss = count == 0 ? 0 : (double) lost / count;
        if (loss > 0.10) {
            lossBased = estimate * (1 - 0.5 * loss);
        } else if (loss < 0.02) {
            lossBased = Math.max(lossBased, delayBased);
        }
        // What the receiver acknowledges its path carried is a floor: loss beyond it says the sender sends more than
        // the path takes (the node cannot yet send a receiver less), not that the path keeps shrinking. 85 % of it is
        // where the delay-based control lands on overuse too (§5.5).
        lossBased = Math.max(lossBased, ACKED_FLOOR * ackedBps);
        estimate = (long) Math.min(delayBased, lossBased);
        long probed = probes.conclude();
        if (probed > 0) {
            probeResult = probed;
            if (probed > estimate) {
                rateControl.probed(probed);
                lossBased = Math.max(lossBased, probed);
                estimate = Math.min(rateControl.rate(), (long) lossBased);
            }
        }
        return estimate;
    }

    private void acknowledge(long arrival, int size) {
        if (ackWindowStart == Long.MIN_VALUE) {
            ackWindowStart = arrival;
        }
        if (arrival - ackWindowStart >= ACK_WINDOW_NANOS) {
            ackedBps = ackBytes * 8 * 1_000_000_000L / (arrival - ackWindowStart);
            ackWindowStart = arrival;
            ackBytes = 0;
        }
        ackBytes += size;
    }

    /** Packets into send-time groups; each completed group after the first feeds the delay detector (§5.2-5.3). */
    private void group(long send, long arrival) {
        if (groupFirstSend == Long.MIN_VALUE) {
            startGroup(send, arrival);
            return;
        }
        if (send - groupFirstSend <= GROUP_NANOS) {
            groupLastSend = Math.max(groupLastSend, send);
            groupLastArrival = Math.max(groupLastArrival, arrival);
            return;
        }
        if (send < groupFirstSend) {
            return; // reordered into an older group: its delay says nothing new
        }
        if (previousLastSend != Long.MIN_VALUE) {
            detector.update((groupLastSend - previousLastSend) / 1e6, (groupLastArrival - previousLastArrival) / 1e6,
                    groupLastArrival / 1e6);
        }
        previousLastSend = groupLastSend;
        previousLastArrival = groupLastArrival;
        startGroup(send, arrival);
    }

    private void startGroup(long send, long arrival) {
        groupFirstSend = send;
        groupLastSend = send;
        groupLastArrival = arrival;
    }
}
