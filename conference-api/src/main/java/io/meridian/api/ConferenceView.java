package io.meridian.api;

import java.time.Instant;
import java.util.List;

/** An operator's view of one conference. */
public record ConferenceView(String conferenceId, String region, String node, Instant createdAt,
                             List<ParticipantView> participants) {
}
