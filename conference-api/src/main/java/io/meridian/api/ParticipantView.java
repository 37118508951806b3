package io.meridian.api;

/** An operator's view of one participant. */
public record ParticipantView(String participantId, String displayName, String iceState, String dtlsState) {
}
