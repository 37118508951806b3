package io.meridian.server.session;

import io.meridian.router.Conference;
import io.meridian.router.FanOutShard;
import io.meridian.router.MediaCounters;
import io.meridian.router.StageRegistry;
import io.meridian.server.transport.MediaLoop;
import io.meridian.server.transport.MediaLoops;
import io.netty.buffer.ByteBufAllocator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Puts conferences and participants on the media loops: a new conference on the least loaded loop, a participant's
 * leg on its conference's loop (posted there, in order), and, past the spread threshold, a participant's forwarded
 * RTP on the loops in turn. Owns the router's counters, one per loop.
 */
final class MediaWiring {
    private final MediaLoops loops;
    private final List<MediaCounters> counters;
    private final StageRegistry stages;
    private final ByteBufAllocator alloc;
    private final LongSupplier nanos;
    private final NodeEvents events;
    private final int spreadThreshold;
    /** What a conference's new dominant speaker sets going (on the conference's loop); nothing until set. */
    private volatile java.util.function.Consumer<ParticipantSession> speakerChanged = p -> { };

    MediaWiring(MediaLoops loops, ByteBufAllocator alloc, LongSupplier nanos, NodeEvents events, int spreadThreshold,
                StageRegistry stages) {
        this.loops = loops;
        this.stages = stages;
        this.alloc = alloc;
        this.nanos = nanos;
        this.events = events;
        this.spreadThreshold = spreadThreshold;
        List<MediaCounters> perLoop = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            perLoop.add(new MediaCounters());
        }
        this.counters = List.copyOf(perLoop);
    }

    /** Sets what each new dominant speaker sets going, on its conference's loop. */
    void onSpeakerChanged(java.util.function.Consumer<ParticipantSession> hook) {
        this.speakerChanged = hook;
    }

    List<MediaCounters> counters() {
        return counters;
    }

    MediaLoops loops() {
        return loops;
    }

    ConferenceSession newConference(String conferenceId, String region, Instant createdAt) {
        MediaLoop loop = loops.leastLoaded();
        MediaEvents mediaEvents = new MediaEvents(events, p -> speakerChanged.accept(p));
        Conference media = new Conference(conferenceId, counters.get(loop.index()), alloc, nanos, stages,
                mediaEvents);
        return new ConferenceSession(conferenceId, region, createdAt, loop, media, mediaEvents);
    }

    /** Caller holds the conference lock: the participant's leg is created on the conference's loop. */
    void addLeg(ConferenceSession conference, ParticipantSession participant) {
        conference.loop.participantJoined();
        var negotiated = NegotiatedFeatures.of(participant.negotiation.answerSdp());
        FanOutShard shard = spreadShard(conference);
        conference.loop.eventLoop().execute(() -> {
            if (participant.closed) {
                return;
            }
            participant.leg = shard == null
                    ? conference.media.addLeg(participant.id, participant::sendMedia, negotiated)
                    : conference.media.addLeg(participant.id, participant::sendMedia, negotiated, shard,
                            datagram -> participant.sendVia(loops.loop(shard.index()), datagram));
            conference.mediaEvents.own(participant.leg, participant);
        });
    }

    /** The participant left: every loop forgets its addresses, and its leg goes on the conference's loop. */
    void removeLeg(ConferenceSession conference, ParticipantSession participant) {
        conference.loop.participantLeft();
        loops.forget(participant);
        conference.loop.eventLoop().execute(() -> {
            if (participant.leg != null) {
                conference.media.removeLeg(participant.leg);
                conference.mediaEvents.disown(participant.leg);
            }
        });
    }

    /**
     * Caller holds the conference lock. Once a conference has {@code media.spread-threshold} participants, each new
     * one's forwarded RTP is sealed and sent by the media loops in turn (null: by the conference's own loop), so one
     * large fan-out uses every core.
     */
    private FanOutShard spreadShard(ConferenceSession conference) {
        if (spreadThreshold == 0 || loops.size() == 1 || conference.participants.size() <= spreadThreshold) {
            return null;
        }
        MediaLoop pick = loops.loop(conference.spreadCursor++ % loops.size());
        if (pick == conference.loop) {
            return null;
        }
        return conference.shards.computeIfAbsent(pick.index(), index -> new FanOutShard(index, pick.eventLoop(),
                conference.loop.eventLoop(), counters.get(index), counters.get(conference.loop.index()), alloc,
                conference.mediaEvents));
    }
}
