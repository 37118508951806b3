package io.meridian.api;

import java.time.Instant;

/** An operator's view of one participant and its media transport. */
public record ParticipantView(String participantId, String displayName, String identity, Instant joinedAt,
                              TransportView transport) {
}
