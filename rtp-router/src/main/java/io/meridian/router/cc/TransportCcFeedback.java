package io.meridian.router.cc;

import io.meridian.router.Feature;
import io.meridian.router.Leg;
import io.meridian.router.LegStages;
import io.meridian.router.RouterContext;
import io.meridian.router.StageFactory;

/**
 * Transport-wide congestion control feedback to publishers (draft-holmer-rmcat-transport-wide-cc-extensions-01), so
 * a publisher's own send-side bandwidth estimator works through the node: on legs that negotiated
 * {@code transport-cc} and the transport-wide sequence number, an {@link ArrivalReporter} notes each packet's
 * arrival and feeds it back.
 *
 * <p>Register it first: the publisher's estimator needs every packet that reached the node, including those a later
 * stage drops (RTX padding probes and duplicates, unknown SSRCs); one reported missing would read as loss.
 */
public final class TransportCcFeedback implements StageFactory {
    /**
     * How often a publisher gets feedback: by default 100 ms, as mediasoup and pion's interceptor send it (libwebrtc's
     * own receiver keeps feedback near 5 % of the bitrate within 50-250 ms). Each feedback is a datagram both ends
     * pay for: at 50 ms it was most of what transport-cc cost the node in many small rooms (docs/benchmarks.md).
     * The first packet after the interval sends the report, not the conference's tick, so a queue building up is
     * reported no later than the interval; the tick sends it only when packets stop.
     */
    private final long intervalNanos;
    private final boolean enabled;

    public TransportCcFeedback(CongestionSettings settings) {
        this.intervalNanos = settings.feedbackNanos();
        this.enabled = settings.transportCc();
    }

    @Override
    public void installOnLeg(Leg leg, RouterContext context, LegStages stages) {
        if (enabled && leg.features().contains(Feature.TRANSPORT_CC)) {
            ArrivalReporter reporter = new ArrivalReporter(leg, context, intervalNanos);
            stages.receive(reporter).periodic(reporter);
        }
    }
}
