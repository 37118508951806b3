package io.meridian.router;

import java.util.ArrayList;
import java.util.List;

/** The ordered stage factories of a node; their order is the order of the stages they install. */
public final class StageRegistry {
    private final List<StageFactory> factories;

    public StageRegistry(List<StageFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    LegStages legStages(Leg leg, RouterContext context) {
        LegStages stages = new LegStages();
        for (StageFactory f : factories) {
            f.installOnLeg(leg, context, stages);
        }
        return stages;
    }

    Projection[] projections(DownStream stream, TrackMaps maps) {
        List<Projection> out = new ArrayList<>();
        for (StageFactory f : factories) {
            f.installOnStream(stream, maps, out);
        }
        return out.toArray(new Projection[0]);
    }

    Periodic[] conferencePeriodic(RouterContext context) {
        List<Periodic> out = new ArrayList<>();
        for (StageFactory f : factories) {
            f.installOnConference(context, out);
        }
        return out.toArray(new Periodic[0]);
    }
}
