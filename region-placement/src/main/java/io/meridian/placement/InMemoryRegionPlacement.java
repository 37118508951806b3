package io.meridian.placement;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Single-node placement: every conference is hosted here, pinned to its first joiner's region. */
public final class InMemoryRegionPlacement implements RegionPlacement {
    private final String nodeId;
    private final Clock clock;
    private final ConcurrentMap<String, ConferencePin> pins = new ConcurrentHashMap<>();

    public InMemoryRegionPlacement(String nodeId, Clock clock) {
        this.nodeId = nodeId;
        this.clock = clock;
    }

    @Override
    public ConferencePin pinIfAbsent(String conferenceId, String region) {
        return pins.computeIfAbsent(conferenceId, id -> new ConferencePin(id, region, nodeId, clock.instant()));
    }

    @Override
    public Optional<ConferencePin> pinOf(String conferenceId) {
        return Optional.ofNullable(pins.get(conferenceId));
    }

    @Override
    public void release(String conferenceId) {
        pins.remove(conferenceId);
    }
}
