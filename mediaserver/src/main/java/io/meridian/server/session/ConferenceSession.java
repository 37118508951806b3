package io.meridian.server.session;

import io.meridian.router.Conference;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A conference hosted on this node: the router's media state (media loop only) and the participants' signalling
 * state, guarded by this object's monitor (control plane only, never taken on the packet path).
 */
final class ConferenceSession {
    final String id;
    final String region;
    final Instant createdAt;
    final Conference media;
    final Map<String, ParticipantSession> participants = new LinkedHashMap<>();
    boolean ended;

    ConferenceSession(String id, String region, Instant createdAt, Conference media) {
        this.id = id;
        this.region = region;
        this.createdAt = createdAt;
        this.media = media;
    }
}
