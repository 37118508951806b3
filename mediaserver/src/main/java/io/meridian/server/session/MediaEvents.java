package io.meridian.server.session;

import io.meridian.api.SignalMessage;
import io.meridian.router.Leg;
import io.meridian.router.MediaListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * What a conference's media path tells the session layer, on the conference's loop: the first packet a participant
 * receives (a join stage) and what its receiver reports say (its operator view). Legs map to their participants
 * here, touched only on that loop.
 */
final class MediaEvents implements MediaListener {
    private static final Logger LOG = LoggerFactory.getLogger(MediaEvents.class);

    private final NodeEvents events;
    /** Told of each new dominant speaker, on the loop (WHEP viewers follow them). */
    private final java.util.function.Consumer<ParticipantSession> speakerChanged;
    private final Map<Leg, ParticipantSession> owners = new HashMap<>();

    MediaEvents(NodeEvents events, java.util.function.Consumer<ParticipantSession> speakerChanged) {
        this.events = events;
        this.speakerChanged = speakerChanged;
    }

    /** Loop: {@code leg} is {@code participant}'s. */
    void own(Leg leg, ParticipantSession participant) {
        owners.put(leg, participant);
    }

    /** Loop: {@code leg} left its conference. */
    void disown(Leg leg) {
        owners.remove(leg);
    }

    /** Every participant of the conference (its legs are all here) is told, on its events socket. */
    @Override
    public void dominantSpeakerChanged(Leg speaker) {
        ParticipantSession p = owners.get(speaker);
        if (p == null) {
            return;
        }
        p.conference.dominantSpeaker = p.id;
        speakerChanged.accept(p);
        SignalMessage message = SignalMessage.dominantSpeaker(p.id);
        for (ParticipantSession other : owners.values()) {
            if (other.events != null) {
                other.events.send(message);
            }
        }
    }

    /** The publisher is told on its events socket; its page stops (or restarts) the layers' encodings. */
    @Override
    public void layersNeeded(Leg publisher, String trackId, java.util.List<String> rids, int layers) {
        ParticipantSession p = owners.get(publisher);
        if (p != null && p.events != null) {
            p.events.send(SignalMessage.layersNeeded(trackId, rids, layers));
        }
    }

    @Override
    public void keyframeNeeded(Leg publisher, int ssrc) {
        LOG.debug("participant={} asked for a key frame of ssrc={}", publisher.participantId(),
                Integer.toUnsignedString(ssrc));
    }

    @Override
    public void firstPacketForwarded(Leg receiver, long nanos) {
        ParticipantSession p = owners.get(receiver);
        if (p != null) {
            events.joinStage(NodeEvents.JoinStage.FIRST_RTP_FORWARDED, (nanos - p.joinedNanos()) / 1e9);
        }
    }

    @Override
    public void bandwidthEstimated(Leg receiver, long bps) {
        ParticipantSession p = owners.get(receiver);
        if (p != null) {
            p.estimatedBitrate = bps;
            events.bandwidthEstimated(bps);
        }
    }

    @Override
    public void receptionReported(Leg receiver, double fractionLost, double jitterMillis, double roundTripMillis) {
        ParticipantSession p = owners.get(receiver);
        if (p == null) {
            return;
        }
        ParticipantSession.Reception previous = p.reception;
        double rtt = Double.isNaN(roundTripMillis) && previous != null ? previous.roundTripMillis() : roundTripMillis;
        p.reception = new ParticipantSession.Reception(fractionLost, jitterMillis, rtt);
    }
}
