package io.meridian.router;

import java.util.List;

/**
 * One media feature's installer: given what a leg negotiated, it adds that feature's stages, or nothing. Factories
 * live in a {@link StageRegistry}; a new feature (retransmission, congestion control, layer selection) is a new
 * factory, not a branch in the packet path.
 */
public interface StageFactory {
    /** Adds this feature's stages to {@code leg} (see {@link Leg#negotiated()}) in the conference {@code context}. */
    default void installOnLeg(Leg leg, RouterContext context, LegStages stages) {
    }

    /** Adds this feature's rewrites to a receiver's stream of one source, with the tables negotiated for it. */
    default void installOnStream(DownStream stream, TrackMaps maps, List<Projection> projections) {
    }

    /** Adds conference-wide periodic work. */
    default void installOnConference(RouterContext context, List<Periodic> periodic) {
    }
}
