package io.meridian.router.rewrite;

import io.meridian.router.DownStream;
import io.meridian.router.Projection;
import io.meridian.router.StageFactory;
import io.meridian.router.TrackMaps;

import java.util.List;

/** Installs the per-receiver relabelling of a forwarded stream: payload type, then header-extension ids. */
public final class Rewrites implements StageFactory {
    @Override
    public void installOnStream(DownStream stream, TrackMaps maps, List<Projection> projections) {
        projections.add(new HeaderRelabel(maps.payloadTypes(), maps.extensionIds()));
    }
}
