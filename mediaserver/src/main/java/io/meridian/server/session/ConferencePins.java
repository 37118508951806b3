package io.meridian.server.session;

import io.meridian.api.ApiException;
import io.meridian.api.HostedElsewhereException;
import io.meridian.api.RemoteNode;
import io.meridian.placement.ConferencePin;
import io.meridian.placement.NoNodeAvailableException;
import io.meridian.placement.PlacementUnavailableException;
import io.meridian.placement.RegionPlacement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * This node's view of conference pins: pin a new conference here or learn which node hosts it, with the placement
 * store's failures turned into the API's 503 refusals.
 */
final class ConferencePins {
    private static final Logger LOG = LoggerFactory.getLogger(ConferencePins.class);

    private final RegionPlacement placement;
    private final String nodeId;

    ConferencePins(RegionPlacement placement, String nodeId) {
        this.placement = placement;
        this.nodeId = nodeId;
    }

    /** The pin of a conference that is to be hosted here; throws {@link HostedElsewhereException} otherwise. */
    ConferencePin pinHere(String conferenceId, String region) {
        ConferencePin pin = placed(() -> placement.pinIfAbsent(conferenceId, region));
        if (!pin.nodeId().equals(nodeId)) {
            throw new HostedElsewhereException(new RemoteNode(pin.nodeId(), pin.apiUrl()));
        }
        return pin;
    }

    /** The other node hosting {@code conferenceId}, if its pin names one. */
    Optional<RemoteNode> hostOf(String conferenceId) {
        Optional<ConferencePin> pin = placed(() -> placement.pinOf(conferenceId));
        return pin.filter(p -> !p.nodeId().equals(nodeId)).map(p -> new RemoteNode(p.nodeId(), p.apiUrl()));
    }

    /** Releases a pin; if the store is unreachable the pin simply expires, as its heartbeat no longer renews it. */
    void releaseQuietly(String conferenceId) {
        try {
            placement.release(conferenceId, nodeId);
        } catch (PlacementUnavailableException e) {
            LOG.debug("conference={} pin not released ({}); it expires by itself", conferenceId, e.getMessage());
        }
    }

    private static <T> T placed(Supplier<T> call) {
        try {
            return call.get();
        } catch (PlacementUnavailableException e) {
            throw new ApiException(503, "placement_unavailable", "The cluster's placement store is unreachable, "
                    + "so no new conference can start now (calls in progress go on); retry shortly.");
        } catch (NoNodeAvailableException e) {
            throw new ApiException(503, "no_node_available", "No node can take a new conference now: "
                    + e.getMessage());
        }
    }
}
