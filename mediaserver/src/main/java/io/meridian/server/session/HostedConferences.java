package io.meridian.server.session;

import io.meridian.api.ApiException;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The conferences this node hosts, and their participants by local ICE ufrag: what every session job shares. */
final class HostedConferences {
    final ConcurrentMap<String, ConferenceSession> byId = new ConcurrentHashMap<>();
    final ConcurrentMap<String, ParticipantSession> byUfrag = new ConcurrentHashMap<>();

    /**
     * Adds {@code created} unless a conference of its id is here already (that one is returned) or {@code max} are
     * (null). The only writer that adds: one lock makes the count and the addition one step.
     */
    synchronized ConferenceSession addWithin(ConferenceSession created, int max) {
        ConferenceSession here = byId.get(created.id);
        if (here != null) {
            return here;
        }
        if (byId.size() >= max) {
            return null;
        }
        byId.put(created.id, created);
        return created;
    }

    ConferenceSession existing(String conferenceId) {
        ConferenceSession conference = byId.get(conferenceId);
        if (conference == null) {
            throw ApiException.notFound("conference_not_found", "No conference '" + conferenceId + "' on this node.");
        }
        return conference;
    }

    static ApiException unknownParticipant(String conferenceId, String participantId) {
        return ApiException.notFound("participant_not_found",
                "No participant '" + participantId + "' in conference '" + conferenceId + "'.");
    }
}
