package io.meridian.placement;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a conference is hosted: its region and node (with the node's API URL so any node can forward to it), and
 * when it was pinned. {@code region} is the region actually used, which differs from the requested one when that
 * region had no healthy node and the nearest region took the conference.
 */
public record ConferencePin(String conferenceId, String region, String nodeId, String apiUrl, Instant pinnedAt) {
    public ConferencePin {
        Objects.requireNonNull(conferenceId, "conferenceId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(pinnedAt, "pinnedAt");
    }
}
