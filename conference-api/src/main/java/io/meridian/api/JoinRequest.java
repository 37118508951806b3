package io.meridian.api;

/** A validated join: ids match API.md's pattern, the SDP is non-empty; region and displayName may be null. */
public record JoinRequest(String conferenceId, String sdp, String region, String displayName) {
}
