package io.meridian.server.session;

import io.meridian.api.ApiException;
import io.meridian.api.EventSession;
import io.meridian.api.EventSink;
import io.meridian.api.SignalMessage;
import io.netty.channel.EventLoop;

import java.util.function.Consumer;

/**
 * Attaches a participant's events socket: one socket per participant, the names of everyone already there, who
 * speaks now, then any pending server offer. Client messages run under the conference lock like every other signalling change.
 */
final class EventsAttachment {
    private EventsAttachment() {
    }

    static EventSession attach(ConferenceSession conference, String participantId, EventSink sink,
                               Negotiator negotiator, EventLoop loop, Consumer<ParticipantSession> onClosed) {
        ParticipantSession participant;
        synchronized (conference) {
            participant = conference.participants.get(participantId);
            if (participant == null) {
                throw HostedConferences.unknownParticipant(conference.id, participantId);
            }
            if (participant.events != null) {
                throw new ApiException(409, "events_already_open",
                        "This participant's events socket is already open.");
            }
            participant.events = sink;
            for (ParticipantSession other : conference.participants.values()) {
                if (other != participant) {
                    sink.send(SignalMessage.participantJoined(other.id, other.displayName));
                }
            }
            // The dominant speaker as of now: a change after this is sent to this socket too (events is set).
            String speaker = conference.dominantSpeaker;
            if (speaker != null && conference.participants.containsKey(speaker)) {
                sink.send(SignalMessage.dominantSpeaker(speaker));
            }
            negotiator.maybeOffer(participant);
        }
        ParticipantSession p = participant;
        return new EventSession() {
            @Override
            public void onMessage(SignalMessage message) {
                synchronized (conference) {
                    if (!p.closed) {
                        negotiator.onMessage(p, message, loop);
                    }
                }
            }

            @Override
            public void onClose() {
                onClosed.accept(p);
            }
        };
    }
}
