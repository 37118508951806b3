package io.meridian.placement;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Single-node placement: every conference is hosted here, pinned to its first joiner's region (a lone node serves
 * every region). Pins never expire: they go when their conference ends.
 */
public final class InMemoryRegionPlacement implements RegionPlacement {
    private final String nodeId;
    private final String apiUrl;
    private final Clock clock;
    private final ConcurrentMap<String, ConferencePin> pins = new ConcurrentHashMap<>();
    private volatile NodeInfo self;

    public InMemoryRegionPlacement(String nodeId, String apiUrl, Clock clock) {
        this.nodeId = nodeId;
        this.apiUrl = apiUrl;
        this.clock = clock;
    }

    @Override
    public void heartbeat(NodeInfo node) {
        self = node;
    }

    @Override
    public List<NodeInfo> liveNodes() {
        NodeInfo node = self;
        return node == null ? List.of() : List.of(node);
    }

    @Override
    public ConferencePin pinIfAbsent(String conferenceId, String requestedRegion) {
        return pins.computeIfAbsent(conferenceId,
                id -> new ConferencePin(id, requestedRegion, nodeId, apiUrl, clock.instant()));
    }

    @Override
    public Optional<ConferencePin> pinOf(String conferenceId) {
        return Optional.ofNullable(pins.get(conferenceId));
    }

    @Override
    public void renew(Collection<String> conferenceIds, String hostingNodeId) {
        // Pins held in memory live until their conference ends.
    }

    @Override
    public void release(String conferenceId, String hostingNodeId) {
        pins.remove(conferenceId);
    }

    @Override
    public void close() {
        pins.clear();
    }
}
