package io.meridian.router.registry;

import io.meridian.router.CoreStages;
import io.meridian.router.StageFactory;
import io.meridian.router.StageRegistry;
import io.meridian.router.cc.CongestionSettings;
import io.meridian.router.cc.ReceiveSideEstimation;
import io.meridian.router.cc.SendSideEstimation;
import io.meridian.router.cc.TransportCcFeedback;
import io.meridian.router.layers.LayerAllocation;
import io.meridian.router.retransmit.Retransmission;
import io.meridian.router.retransmit.RetransmissionSettings;
import io.meridian.router.rewrite.Rewrites;
import io.meridian.router.rtcp.RtcpTermination;
import io.meridian.router.speaker.SpeakerTracking;

import java.util.List;

/**
 * The node's stage factories, in chain order. A new media feature adds its factory here. The congestion-control
 * feedback (transport-cc, or REMB without it) comes first: it accounts for every packet that arrived, whatever a
 * later stage makes of it.
 */
public final class DefaultStages {
    private DefaultStages() {
    }

    /** The node's stages with every setting at its default. */
    public static StageRegistry registry() {
        return registry(RetransmissionSettings.DEFAULTS, CongestionSettings.DEFAULTS);
    }

    public static StageRegistry registry(RetransmissionSettings retransmission, CongestionSettings congestion) {
        return new StageRegistry(factories(retransmission, congestion));
    }

    /** The node's stage factories in their order (a test may put one of its own ahead of them). */
    public static List<StageFactory> factories(RetransmissionSettings retransmission, CongestionSettings congestion) {
        return List.of(new TransportCcFeedback(congestion), new ReceiveSideEstimation(), new CoreStages(),
                new Rewrites(), new SendSideEstimation(congestion), new Retransmission(retransmission),
                new RtcpTermination(), new LayerAllocation(), new SpeakerTracking());
    }
}
