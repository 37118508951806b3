package io.meridian.api;

/**
 * A validated join: ids match API.md's pattern, the SDP is non-empty; region and displayName may be null.
 * {@code identity} is the authenticated subject of the caller's token (null in development mode without tokens).
 */
public record JoinRequest(String conferenceId, String sdp, String region, String displayName, String identity) {
}
