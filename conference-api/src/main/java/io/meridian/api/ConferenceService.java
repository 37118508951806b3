package io.meridian.api;

import java.util.List;
import java.util.Optional;

/**
 * What the HTTP/WebSocket layer needs from the node. Implementations throw {@link ApiException} for every refusal so
 * that each one reaches the client as a status code plus {@code {"error":{"code","message"}}}.
 */
public interface ConferenceService {

    /**
     * Answers a client's offer: creates the conference on first join (pinned to the joiner's region). Throws
     * {@link HostedElsewhereException} when the conference is pinned to another node of the cluster.
     */
    JoinResult join(JoinRequest request);

    /**
     * The node hosting {@code conferenceId} when that is another node of the cluster; empty when this node hosts it,
     * or nobody does (a single node always answers empty).
     */
    default Optional<RemoteNode> hostedElsewhere(String conferenceId) {
        return Optional.empty();
    }

    /** Whether this node hosts {@code conferenceId} now: answered from memory, never from the placement store. */
    default boolean hosts(String conferenceId) {
        return false;
    }

    /** Removes a participant; unknown ids are {@code 404}. */
    void leave(String conferenceId, String participantId);

    List<ConferenceView> conferences();

    Optional<ConferenceView> conference(String conferenceId);

    /** Participants of a conference; an unknown conference is {@code 404 conference_not_found}. */
    List<ParticipantView> participants(String conferenceId);

    /** One participant; unknown ids are {@code 404}. */
    ParticipantView participant(String conferenceId, String participantId);

    /** Stops taking new conferences; current ones go on (API.md, "Operations"). */
    void drain();

    boolean draining();

    /** Ends a conference and removes all its participants. */
    void endConference(String conferenceId);

    /**
     * Sets the conference's last-N: each participant is sent the video of at most {@code lastN} others, those who
     * spoke last (-1: everyone). Returns the conference's view; 404 {@code conference_not_found} when not hosted here.
     */
    ConferenceView updateConference(String conferenceId, int lastN);

    /**
     * Attaches the participant's events socket. The returned session receives the client's messages; the sink is how
     * the node talks back. Closing the socket removes the participant (API.md, "Leaving and ending").
     */
    EventSession openEvents(String conferenceId, String participantId, EventSink sink);

    /** Readiness: false while starting or draining. */
    boolean ready();

    /**
     * An ICE restart of a participant without an events socket (a WHIP session, RFC 9725 §4.3.2): it takes the
     * client's new credentials ({@code ufrag}, {@code pwd}) and gives the node's new ones; DTLS and SRTP go on.
     * {@code 400} for credentials RFC 8839 §5.4 does not allow, {@code 422 ice_restart_unsupported} where there is
     * none (a participant with an events socket rejoins instead).
     */
    default IceRestart restartIce(String conferenceId, String participantId, String ufrag, String pwd) {
        throw new ApiException(422, "ice_restart_unsupported", "This node does not restart ICE.");
    }

    /** The node's current ICE ufrag for the participant: what names its ICE session (WHIP's ETag). */
    default String iceUfrag(String conferenceId, String participantId) {
        return participantId;
    }

    /** The node's credentials after an ICE restart, and its candidates (SDP attribute values, RFC 8839 §5.1). */
    record IceRestart(String ufrag, String pwd, java.util.List<String> candidates) {
    }
}
