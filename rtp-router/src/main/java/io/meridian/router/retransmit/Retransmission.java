package io.meridian.router.retransmit;

import io.meridian.router.Feature;
import io.meridian.router.Leg;
import io.meridian.router.LegStages;
import io.meridian.router.RouterContext;
import io.meridian.router.StageFactory;
import io.netty.buffer.ByteBufAllocator;

/**
 * Loss recovery at the node: publishers' video is cached and their RTX taken back into its stream (every leg, after
 * the core stages), and receivers that negotiated {@code nack} are answered from the cache. Register it before
 * {@code RtcpTermination}, whose NACK relay then only sees what this does not take.
 */
public final class Retransmission implements StageFactory {
    private final RetransmissionSettings settings;
    private final ByteBufAllocator alloc;

    public Retransmission(RetransmissionSettings settings, ByteBufAllocator alloc) {
        this.settings = settings;
        this.alloc = alloc;
    }

    @Override
    public void installOnLeg(Leg leg, RouterContext context, LegStages stages) {
        if (!settings.enabled()) {
            return;
        }
        RetransmitCaches caches = context.shared(RetransmitCaches.class,
                () -> new RetransmitCaches(context, alloc, settings));
        stages.receive(new RtxRepair(caches, context.counters())).receive(new CacheRecorder(caches));
        if (leg.features().contains(Feature.NACK)) {
            stages.feedback(new NackResponder(context, caches));
        }
    }
}
