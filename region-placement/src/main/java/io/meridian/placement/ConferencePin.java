package io.meridian.placement;

import java.time.Instant;
import java.util.Objects;

/** Where a conference is hosted: its region and node, and when it was pinned. */
public record ConferencePin(String conferenceId, String region, String nodeId, Instant pinnedAt) {
    public ConferencePin {
        Objects.requireNonNull(conferenceId, "conferenceId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(pinnedAt, "pinnedAt");
    }
}
