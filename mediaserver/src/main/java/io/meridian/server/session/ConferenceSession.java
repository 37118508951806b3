package io.meridian.server.session;

import io.meridian.router.Conference;
import io.meridian.router.FanOutShard;
import io.meridian.server.transport.MediaLoop;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A conference hosted on this node: the router's media state (its media loop only) and the participants' signalling
 * state, guarded by this object's monitor (control plane only, never taken on the packet path).
 */
final class ConferenceSession {
    final String id;
    final String region;
    final Instant createdAt;
    /** The media loop this conference lives on: its router state is touched there only. */
    final MediaLoop loop;
    final Conference media;
    /** The router's events for this conference's participants (loop only). */
    final MediaEvents mediaEvents;
    final Map<String, ParticipantSession> participants = new LinkedHashMap<>();
    /** Other loops sending part of this conference's fan-out, by loop index (created when first needed). */
    final Map<Integer, FanOutShard> shards = new HashMap<>();
    /** The next loop, in turn, to send a new participant's RTP once the conference is past the spread threshold. */
    int spreadCursor;
    boolean ended;
    /** The operator's last-N (-1: everyone), and the dominant speaker's participant id (media loop writes). */
    volatile int lastN = -1;
    volatile String dominantSpeaker;

    ConferenceSession(String id, String region, Instant createdAt, MediaLoop loop, Conference media,
                      MediaEvents mediaEvents) {
        this.id = id;
        this.region = region;
        this.createdAt = createdAt;
        this.loop = loop;
        this.media = media;
        this.mediaEvents = mediaEvents;
    }
}
