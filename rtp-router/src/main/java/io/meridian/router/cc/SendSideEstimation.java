package io.meridian.router.cc;

import io.meridian.router.DownStream;
import io.meridian.router.Feature;
import io.meridian.router.Leg;
import io.meridian.router.LegStages;
import io.meridian.router.Projection;
import io.meridian.router.RouterContext;
import io.meridian.router.StageFactory;
import io.meridian.router.TrackMaps;

import java.util.List;

/**
 * The node's own estimate of each receiver's path (draft-ietf-rmcat-gcc-02, send side): for receivers that
 * negotiated transport-cc, what the node sends them is numbered on their transport-wide sequence, remembered, and
 * their feedback read into a {@link BandwidthEstimator}. Register it after the id rewrite, which puts the element
 * under the receiver's id. A receiver of a spread fan-out is numbered and remembered by the loop that sends to it
 * and its feedback read on the conference's ({@link SendHistory} is safe for that); it is not probed, as a probe is
 * sent at once by the loop that decides it. Receivers are probed ({@link Prober}) so their estimates can grow.
 */
public final class SendSideEstimation implements StageFactory {
    /** Where a receiver's estimate starts: what browsers start their own at. */
    static final long INITIAL_BPS = 300_000;

    private final CongestionSettings settings;

    public SendSideEstimation(CongestionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void installOnLeg(Leg leg, RouterContext context, LegStages stages) {
        if (numbered(leg)) {
            SendHistory history = new SendHistory();
            BandwidthEstimator estimator = new BandwidthEstimator(INITIAL_BPS);
            // Until its first feedback the leg has the estimate the estimator starts from, not none: none would mean
            // a receiver without transport-cc, whose simulcast layers go unlimited.
            leg.bandwidthEstimated(INITIAL_BPS);
            stages.sendObserver(history).feedback(new FeedbackReader(leg, context, history, estimator));
            if (settings.probing() && !leg.sentByAnotherLoop()) { // a probe is sent at once, by this loop
                stages.periodic(new Prober(leg, context, history, estimator, settings.probeCeilingBps()));
                leg.paddable(true);
            }
        }
    }

    @Override
    public void installOnStream(DownStream stream, TrackMaps maps, List<Projection> projections) {
        if (numbered(stream.receiver())) {
            projections.add(new TransportSequenceStamp(stream.receiver().negotiated().transportSequenceId()));
        }
    }

    private boolean numbered(Leg leg) {
        return settings.transportCc() && leg.features().contains(Feature.TRANSPORT_CC);
    }
}
