package io.meridian.server.session;

import io.meridian.api.ApiException;
import io.meridian.api.JoinRequest;
import io.meridian.api.JoinResult;
import io.meridian.api.SignalMessage;
import io.meridian.placement.ConferencePin;
import io.meridian.sdp.IceParameters;
import io.meridian.sdp.LocalTransport;
import io.meridian.sdp.ParticipantNegotiation;
import io.meridian.sdp.SdpException;
import io.meridian.srtp.DtlsNodeContext;
import io.meridian.srtp.DtlsServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Answers a join: the offer checked and answered, the conference found or created and pinned here (before any
 * lock: the placement store may be slow), the participant admitted under the conference's lock with everyone's
 * subscriptions, then its DTLS session started outside the lock. The node's {@link AdmissionLimits} bound the
 * offer, the conferences and each conference's participants; a join over one allocates nothing.
 */
final class Admission {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    private final ManagerSettings settings;
    private final String fingerprint;
    private final HostedConferences hosted;
    private final ConferencePins pins;
    private final MediaWiring media;
    private final Negotiator negotiator;
    private final DtlsNodeContext dtls;
    private final Removal removal;
    private final NodeEvents events;
    private final Clock clock;
    private final LongSupplier nanos;
    private final BooleanSupplier draining;

    Admission(ManagerSettings settings, String fingerprint, HostedConferences hosted, ConferencePins pins,
              MediaWiring media, Negotiator negotiator, DtlsNodeContext dtls, Removal removal, NodeEvents events,
              Clock clock, LongSupplier nanos, BooleanSupplier draining) {
        this.settings = settings;
        this.fingerprint = fingerprint;
        this.hosted = hosted;
        this.pins = pins;
        this.media = media;
        this.negotiator = negotiator;
        this.dtls = dtls;
        this.removal = removal;
        this.events = events;
        this.clock = clock;
        this.nanos = nanos;
        this.draining = draining;
    }

    JoinResult join(JoinRequest request) {
        long joinStartNanos = nanos.getAsLong();
        IceParameters ice = IceParameters.random();
        ParticipantNegotiation negotiation;
        try {
            negotiation = ParticipantNegotiation.fromOffer(negotiator.offers().apply(request.sdp()),
                    new LocalTransport(ice, fingerprint, settings.candidates()), settings.limits().sdp());
        } catch (SdpException e) {
            throw SdpRefusals.of(e);
        }
        while (true) {
            ConferenceSession conference = hostedOrCreated(request);
            ParticipantSession participant;
            synchronized (conference) {
                if (conference.ended) {
                    continue;
                }
                participant = admit(conference, request, ice, negotiation, joinStartNanos);
            }
            startDtls(conference, participant, negotiation);
            events.joinStage(NodeEvents.JoinStage.ANSWERED, (nanos.getAsLong() - joinStartNanos) / 1e9);
            return new JoinResult(participant.id, conference.id, conference.region, settings.nodeId(),
                    negotiation.answerSdp());
        }
    }

    private ConferenceSession hostedOrCreated(JoinRequest request) {
        ConferenceSession conference = hosted.byId.get(request.conferenceId());
        if (conference != null) {
            return conference;
        }
        int maxConferences = settings.limits().conferencesPerNode();
        // Before pinning: a full node claims no conference in the cluster's placement store.
        if (hosted.byId.size() >= maxConferences) {
            throw tooManyConferences(maxConferences);
        }
        String region = request.region() != null ? request.region() : settings.region();
        ConferencePin pin = pins.pinHere(request.conferenceId(), region);
        if (draining.getAsBoolean()) {
            // Pinned here before the cluster saw this node drain: give the conference back.
            pins.releaseQuietly(request.conferenceId());
            throw new ApiException(503, "draining", "This node is draining and takes no new conferences.");
        }
        ConferenceSession created = media.newConference(request.conferenceId(), pin.region(), clock.instant());
        conference = hosted.addWithin(created, maxConferences);
        if (conference == null) {
            // Others were created since the check above.
            pins.releaseQuietly(request.conferenceId());
            throw tooManyConferences(maxConferences);
        }
        if (conference != created) {
            return conference;
        }
        LOG.atInfo().addKeyValue("conference", created.id)
                .log("conference={} created in region={}", created.id, created.region);
        return created;
    }

    private static ApiException tooManyConferences(int max) {
        return new ApiException(429, "too_many_conferences", "This node hosts " + max + " conferences, its limit "
                + "(the setting limits.conferences-per-node raises it): join a conference in progress, or start "
                + "this one when another has ended.");
    }

    /** Caller holds the conference lock. */
    private ParticipantSession admit(ConferenceSession conference, JoinRequest request, IceParameters ice,
                                     ParticipantNegotiation negotiation, long joinStartNanos) {
        int max = settings.limits().participantsPerConference();
        if (conference.participants.size() >= max) {
            throw new ApiException(429, "conference_full", "Conference '" + conference.id + "' has " + max
                    + " participants, its limit (the node's setting limits.participants-per-conference raises it):"
                    + " join when someone has left.");
        }
        String id = ParticipantIds.next();
        ParticipantSession participant = new ParticipantSession(id, request.displayName(), request.identity(),
                clock.instant(), conference, ice, negotiation, nanos, events, joinStartNanos);
        conference.participants.put(id, participant);
        hosted.byUfrag.put(ice.ufrag(), participant);
        media.addLeg(conference, participant);
        negotiator.publish(participant, negotiation.publishedTracks(), conference.loop.eventLoop());
        for (ParticipantSession other : conference.participants.values()) {
            if (other == participant) {
                continue;
            }
            negotiator.subscribeAll(other, participant, participant.publishedTracks());
            negotiator.subscribeAll(participant, other, other.publishedTracks());
            if (other.events != null) {
                other.events.send(SignalMessage.participantJoined(id, request.displayName()));
            }
            negotiator.maybeOffer(other);
        }
        LOG.atInfo().addKeyValue("conference", conference.id).addKeyValue("participant", id)
                .log("conference={} participant={} joined ({} tracks)", conference.id, id,
                        negotiation.publishedTracks().size());
        return participant;
    }

    /**
     * Creates and starts the participant's DTLS server session outside the conference lock (it is the costliest
     * part of a join, and a join storm queues on that lock). No DTLS datagram can arrive before: the client learns
     * the ICE credentials from the answer, which is sent only once this returns.
     */
    private void startDtls(ConferenceSession conference, ParticipantSession participant,
                           ParticipantNegotiation negotiation) {
        DtlsServerSession session = DtlsWiring.start(participant, dtls, negotiation.remoteFingerprint(),
                failure -> {
                    events.dtlsFailed(failure);
                    removal.later(participant, "dtls_failed: " + failure);
                }, events);
        synchronized (conference) {
            if (participant.closed) {
                session.close(); // removed meanwhile (e.g. by an operator): nobody else would close it
            } else {
                participant.dtls = session;
            }
        }
    }
}
