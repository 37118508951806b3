package io.meridian.placement;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Decides where a conference lives. The first joiner's region wins (first writer wins, atomically); every later
 * join of the same conference is served by the pinned node whatever region it names. A pin lives while its hosting
 * node renews it; a node's registry entry lives while it heartbeats.
 *
 * <p>Implementations: {@link InMemoryRegionPlacement} (one node, the default) and a Redis one for clusters. Every
 * method may throw {@link PlacementUnavailableException} when the shared store is unreachable; it must do so
 * quickly (about a second at most), never hang a join.
 */
public interface RegionPlacement extends AutoCloseable {

    /** Publishes or refreshes this node's registry entry (called every heartbeat interval). */
    void heartbeat(NodeInfo self);

    /** The nodes whose entries have not expired. */
    List<NodeInfo> liveNodes();

    /**
     * Returns the pin of {@code conferenceId}, creating it if absent: the least loaded live, non-draining node of
     * {@code requestedRegion}, else of the nearest region that has one ({@link RegionTable}). Atomic across the
     * cluster. Throws {@link NoNodeAvailableException} when no region has a usable node.
     */
    ConferencePin pinIfAbsent(String conferenceId, String requestedRegion);

    Optional<ConferencePin> pinOf(String conferenceId);

    /** Extends the pins of the conferences {@code nodeId} hosts (only pins that name {@code nodeId}). */
    void renew(Collection<String> conferenceIds, String nodeId);

    /** Removes the pin when its conference ends on the hosting node (only if it still names {@code nodeId}). */
    void release(String conferenceId, String nodeId);

    @Override
    void close();
}
