package io.meridian.router.rtcp;

import io.meridian.router.Feature;
import io.meridian.router.Leg;
import io.meridian.router.LegStages;
import io.meridian.router.Periodic;
import io.meridian.router.RouterContext;
import io.meridian.router.StageFactory;

import java.util.List;

/**
 * RTCP termination per leg (the node is an RTP middlebox, RFC 7667 §3.7): sender reports re-issued, report blocks
 * read, receivers' NACK, PLI and FIR relayed to publishers as each leg negotiated them, and the node's own receiver
 * reports to publishers.
 */
public final class RtcpTermination implements StageFactory {
    /** How often the node sends each publisher a receiver report. */
    public static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;

    @Override
    public void installOnLeg(Leg leg, RouterContext context, LegStages stages) {
        stages.feedback(new SenderReportRelay(context)).feedback(new ReportBlockReader(context));
        if (leg.features().contains(Feature.NACK)) {
            stages.feedback(new NackRelay(context));
        }
        boolean pli = leg.features().contains(Feature.PLI);
        boolean fir = leg.features().contains(Feature.FIR);
        if (pli || fir) {
            stages.feedback(new KeyframeRequestRelay(context, pli, fir));
        }
    }

    @Override
    public void installOnConference(RouterContext context, List<Periodic> periodic) {
        periodic.add(new ReceiverReportSender(context));
    }
}
