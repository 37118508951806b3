package io.meridian.server.session;

import io.meridian.api.SignalMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Takes participants out of their conference: on request (leave, end of a conference) or on a failure the media
 * path, DTLS or the events socket noticed, which it hands to a control thread so that neither a media loop nor an
 * API thread waits for the conference's lock. The last one out ends the conference and releases its pin, off the
 * lock: the placement store may be slow or unreachable.
 */
final class Removal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Removal.class);

    private final HostedConferences hosted;
    private final MediaWiring media;
    private final Negotiator negotiator;
    private final ConferencePins pins;
    private final NodeEvents events;
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "meridian-control");
        t.setDaemon(true);
        return t;
    });

    Removal(HostedConferences hosted, MediaWiring media, Negotiator negotiator, ConferencePins pins,
            NodeEvents events) {
        this.hosted = hosted;
        this.media = media;
        this.negotiator = negotiator;
        this.pins = pins;
        this.events = events;
    }

    void leave(String conferenceId, String participantId) {
        ConferenceSession conference = hosted.existing(conferenceId);
        synchronized (conference) {
            ParticipantSession participant = conference.participants.get(participantId);
            if (participant == null) {
                throw HostedConferences.unknownParticipant(conferenceId, participantId);
            }
            LOG.atInfo().addKeyValue("conference", conferenceId).addKeyValue("participant", participantId)
                    .log("conference={} participant={} left", conferenceId, participantId);
            remove(conference, participant, "left");
        }
    }

    /** Any thread: removes {@code participant} soon, on the control thread, if it is still there. */
    void later(ParticipantSession participant, String reason) {
        onControl(() -> {
            ConferenceSession conference = participant.conference;
            synchronized (conference) {
                if (conference.participants.get(participant.id) == participant) {
                    LOG.atInfo().addKeyValue("conference", conference.id).addKeyValue("participant", participant.id)
                            .log("conference={} participant={} removed: {}", conference.id, participant.id, reason);
                    remove(conference, participant, reason);
                }
            }
        });
    }

    void endConference(String conferenceId) {
        ConferenceSession conference = hosted.existing(conferenceId);
        synchronized (conference) {
            for (ParticipantSession p : List.copyOf(conference.participants.values())) {
                remove(conference, p, "conference_ended");
            }
        }
    }

    /** Caller holds the conference lock. */
    private void remove(ConferenceSession conference, ParticipantSession participant, String reason) {
        events.participantRemoved(reason);
        conference.participants.remove(participant.id);
        participant.closed = true;
        hosted.byUfrag.remove(participant.ice.local().ufrag(), participant);
        if (participant.dtls != null) {
            participant.dtls.close();
        }
        participant.closeTcpLinks();
        media.removeLeg(conference, participant);
        for (ParticipantSession other : conference.participants.values()) {
            negotiator.unsubscribeAll(other, participant);
            if (other.events != null) {
                other.events.send(SignalMessage.participantLeft(participant.id, participant.displayName));
            }
            negotiator.maybeOffer(other);
        }
        if (participant.events != null) {
            participant.events.close((short) 1000, reason);
        }
        if (conference.participants.isEmpty()) {
            conference.ended = true;
            hosted.byId.remove(conference.id, conference);
            // A conference started here again meanwhile keeps its pin.
            onControl(() -> {
                if (!hosted.byId.containsKey(conference.id)) {
                    pins.releaseQuietly(conference.id);
                }
            });
            LOG.atInfo().addKeyValue("conference", conference.id).log("conference={} ended", conference.id);
        }
    }

    /** Runs control work off the media loops and API threads; after close there is nothing left to clean. */
    private void onControl(Runnable task) {
        try {
            control.execute(task);
        } catch (RejectedExecutionException closing) {
            // The manager is closing and removes every participant itself.
        }
    }

    @Override
    public void close() {
        control.shutdown();
    }
}
