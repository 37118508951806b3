package io.meridian.router.layers;

import io.meridian.router.Leg;
import io.meridian.router.LegStages;
import io.meridian.router.RouterContext;
import io.meridian.router.StageFactory;

/** Installs each receiver's {@link LayerAllocator}: the layers of the simulcast and SVC tracks it gets, every tick. */
public final class LayerAllocation implements StageFactory {
    @Override
    public void installOnLeg(Leg leg, RouterContext context, LegStages stages) {
        stages.periodic(new LayerAllocator(leg, context));
    }
}
