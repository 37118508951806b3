package io.meridian.api;

/**
 * A validated join: ids match API.md's pattern, the SDP is non-empty; region and displayName may be null.
 * {@code identity} is the authenticated subject of the caller's token (null in development mode without tokens).
 * {@code viewing} is set for a WHEP viewer (null for every other join).
 */
public record JoinRequest(String conferenceId, String sdp, String region, String displayName, String identity,
                          Viewing viewing) {

    public JoinRequest(String conferenceId, String sdp, String region, String displayName, String identity) {
        this(conferenceId, sdp, region, displayName, identity, null);
    }

    /**
     * A WHEP viewer's join: it only receives, the conference must exist already, and what it is sent goes into the
     * answer, on its own m-lines: {@code participantId}'s video and audio, or (null) the dominant speaker's.
     */
    public record Viewing(String participantId) {
    }
}
