package io.meridian.router.cc;

import io.meridian.router.DropReason;
import io.meridian.router.FeedbackStage;
import io.meridian.router.Leg;
import io.meridian.router.RouterContext;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.TransportFeedback;

/**
 * A receiver's transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) on what the node sent
 * it: each reported packet's send time and size from the {@link SendHistory}, its arrival (reference time plus the
 * receive deltas, on the receiver's clock) or its loss, into the receiver's {@link BandwidthEstimator}, whose estimate
 * goes upward. Consumes the packet. Malformed feedback is dropped (the estimator sees nothing of it).
 */
final class FeedbackReader implements FeedbackStage {
    /** §3.1: one feedback reports at most 65,535 statuses; more than a few hundred means a sender gone silent. */
    private static final int MAX_STATUSES = 1024;

    private final Leg receiver;
    private final RouterContext context;
    private final SendHistory history;
    private final BandwidthEstimator estimator;
    /** What one feedback reports, for the estimator: the conference's, as one feedback is read at a time. */
    private final long[] sent;
    private final long[] arrived;
    private final int[] sizes;
    private final int[] clusters;
    private final TransportFeedback.StatusSink onStatus = this::onStatus;
    private int count;
    private long arrival;

    FeedbackReader(Leg receiver, RouterContext context, SendHistory history, BandwidthEstimator estimator) {
        this.receiver = receiver;
        this.context = context;
        this.history = history;
        this.estimator = estimator;
        Scratch scratch = context.shared(Scratch.class, Scratch::new);
        this.sent = scratch.sent;
        this.arrived = scratch.arrived;
        this.sizes = scratch.sizes;
        this.clusters = scratch.clusters;
    }

    /** One conference's arrays for the feedback being read (24 KB, not 24 KB per receiver). */
    static final class Scratch {
        final long[] sent = new long[MAX_STATUSES];
        final long[] arrived = new long[MAX_STATUSES];
        final int[] sizes = new int[MAX_STATUSES];
        final int[] clusters = new int[MAX_STATUSES];
    }

    @Override
    public boolean onRtcp(Leg from, byte[] a, int p, int plen) {
        if (RtcpPacket.packetType(a, p) != RtcpPacket.RTPFB || RtcpPacket.count(a, p) != TransportFeedback.FMT) {
            return false;
        }
        if (plen < TransportFeedback.HEADER_LENGTH || TransportFeedback.statusCount(a, p) > MAX_STATUSES) {
            context.counters().dropped(DropReason.FEEDBACK_TOO_LARGE);
            return true;
        }
        count = 0;
        arrival = TransportFeedback.referenceTime(a, p) * TransportFeedback.REFERENCE_NANOS;
        if (!TransportFeedback.forEachStatus(a, p, plen, onStatus)) {
            context.counters().dropped(DropReason.MALFORMED_RTCP);
            return true;
        }
        if (count > 0) {
            long bps = estimator.onFeedback(sent, arrived, sizes, clusters, count, receiver.roundTripNanos(),
                    context.now());
            receiver.bandwidthEstimated(bps);
            context.listener().bandwidthEstimated(receiver, bps);
        }
        return true;
    }

    private void onStatus(int sequence, int delta) {
        boolean received = delta != TransportFeedback.NOT_RECEIVED;
        if (received) {
            arrival += delta * TransportFeedback.DELTA_NANOS;
        }
        if (count == MAX_STATUSES || !history.find(sequence)) {
            return; // not something the node numbered (or no longer remembers)
        }
        sent[count] = history.foundSent;
        arrived[count] = received ? arrival : Long.MIN_VALUE;
        sizes[count] = history.foundSize;
        clusters[count] = history.foundCluster;
        count++;
    }
}
