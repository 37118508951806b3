package io.meridian.router.cc;

import io.meridian.router.Feature;
import io.meridian.router.Leg;
import io.meridian.router.LegStages;
import io.meridian.router.RouterContext;
import io.meridian.router.StageFactory;

/**
 * REMB to publishers that negotiated {@code goog-remb} and abs-send-time but not transport-cc (with transport-cc the
 * publisher estimates its own uplink from the node's feedback, and REMB would only second-guess it).
 */
public final class ReceiveSideEstimation implements StageFactory {
    /** Where a publisher's estimate starts: what browsers start their own at. */
    static final long INITIAL_BPS = 300_000;

    @Override
    public void installOnLeg(Leg leg, RouterContext context, LegStages stages) {
        if (leg.features().contains(Feature.REMB) && !leg.features().contains(Feature.TRANSPORT_CC)) {
            RembReporter reporter = new RembReporter(leg, context, INITIAL_BPS);
            stages.receive(reporter).periodic(reporter);
        }
    }
}
