package io.meridian.router.retransmit;

import io.meridian.router.Feature;
import io.meridian.router.Leg;
import io.meridian.router.LegStages;
import io.meridian.router.RecentPackets;
import io.meridian.router.RouterContext;
import io.meridian.router.StageFactory;

/**
 * Loss recovery at the node: publishers' video is cached and their RTX taken back into its stream (every leg, after
 * the core stages); legs that negotiated {@code nack} are asked for what they lost on the way in and answered from
 * the cache for what they lost on the way out. Register it before
 * {@code RtcpTermination}, whose NACK relay then only sees what this does not take.
 */
public final class Retransmission implements StageFactory {
    private final RetransmissionSettings settings;

    public Retransmission(RetransmissionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void installOnLeg(Leg leg, RouterContext context, LegStages stages) {
        if (!settings.enabled()) {
            return;
        }
        RetransmitCaches caches = context.shared(RetransmitCaches.class,
                () -> new RetransmitCaches(context, settings));
        context.shared(RecentPackets.class, () -> caches);
        stages.receive(new RtxRepair(caches, context.counters())).receive(new CacheRecorder(caches));
        if (leg.features().contains(Feature.NACK)) {
            // The leg's own losses, asked of it (it honours NACKs); and its NACKs about what it receives, answered.
            UpstreamRecovery upstream = new UpstreamRecovery(leg, context);
            stages.receive(upstream).periodic(upstream);
            stages.feedback(new NackResponder(context, caches));
        }
    }
}
