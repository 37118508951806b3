package io.meridian.api;

/** The node's reply to a join; the API layer adds the {@code events} URL. */
public record JoinResult(String participantId, String conferenceId, String region, String node, String sdp) {
}
