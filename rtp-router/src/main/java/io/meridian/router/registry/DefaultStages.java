package io.meridian.router.registry;

import io.meridian.router.CoreStages;
import io.meridian.router.StageRegistry;
import io.meridian.router.rewrite.Rewrites;
import io.meridian.router.rtcp.RtcpTermination;

import java.util.List;

/** The node's stage factories, in chain order. A new media feature adds its factory here. */
public final class DefaultStages {
    private DefaultStages() {
    }

    public static StageRegistry registry() {
        return new StageRegistry(List.of(new CoreStages(), new Rewrites(), new RtcpTermination()));
    }
}
