package io.meridian.server.session;

import io.meridian.api.ApiException;
import io.meridian.api.ConferenceService;
import io.meridian.api.ConferenceView;
import io.meridian.api.EventSession;
import io.meridian.api.EventSink;
import io.meridian.api.JoinRequest;
import io.meridian.api.JoinResult;
import io.meridian.api.ParticipantView;
import io.meridian.api.RemoteNode;
import io.meridian.api.SignalMessage;
import io.meridian.placement.ConferencePin;
import io.meridian.placement.RegionPlacement;
import io.meridian.router.Conference;
import io.meridian.router.FanOutShard;
import io.meridian.router.MediaCounters;
import io.meridian.router.StageRegistry;
import io.meridian.router.registry.DefaultStages;
import io.meridian.sdp.Candidate;
import io.meridian.sdp.IceParameters;
import io.meridian.server.ice.IceCredentials;
import io.meridian.sdp.LocalTransport;
import io.meridian.sdp.ParticipantNegotiation;
import io.meridian.sdp.SdpException;
import io.meridian.server.transport.MediaLoop;
import io.meridian.server.transport.MediaLoops;
import io.meridian.srtp.DtlsCertificate;
import io.meridian.srtp.DtlsHandshakeCounters;
import io.meridian.srtp.DtlsNodeContext;
import io.meridian.srtp.DtlsServerSession;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The node's conferences: answers joins, runs each participant's renegotiation, and keeps the router's media state
 * in step. Signalling runs on API threads under each conference's lock; media state changes are posted to the
 * conference's media loop, in order, so the packet path never locks. New conferences go to the least loaded loop.
 */
public final class ConferenceManager implements ConferenceService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConferenceManager.class);

    private final String nodeId;
    private final String defaultRegion;
    private final ConferencePins pins;
    private final MediaLoops loops;
    /** The router's counters, one per media loop (each written by its loop only). */
    private final List<MediaCounters> counters;
    private final StageRegistry stages = DefaultStages.registry();
    private final DtlsCertificate certificate;
    private final ExecutorService handshakes;
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "meridian-control");
        t.setDaemon(true);
        return t;
    });
    private final ByteBufAllocator alloc;
    private final List<Candidate> candidates;
    private final Clock clock;
    private final LongSupplier nanos;
    private final int spreadThreshold;
    private final DtlsNodeContext dtls;
    private final ConcurrentMap<String, ConferenceSession> conferences = new ConcurrentHashMap<>();
    final ConcurrentMap<String, ParticipantSession> byUfrag = new ConcurrentHashMap<>();
    private final Negotiator negotiator = new Negotiator();
    private final List<ScheduledFuture<?>> tickers = new ArrayList<>();
    private final List<SessionTimers> timers = new ArrayList<>();
    private final NodeEvents events;
    private volatile boolean draining;
    private volatile Runnable onDrain = () -> { };

    /**
     * @param clock wall-clock time (operator views)
     * @param nanos monotonic time for every timeout and join stage; tests drive it by hand
     */
    public ConferenceManager(ManagerSettings settings, RegionPlacement placement, MediaLoops loops,
                             DtlsCertificate certificate, ByteBufAllocator alloc, Clock clock, LongSupplier nanos,
                             NodeEvents events) {
        this.events = events;
        this.nodeId = settings.nodeId();
        this.defaultRegion = settings.region();
        this.pins = new ConferencePins(placement, settings.nodeId());
        this.loops = loops;
        this.certificate = certificate;
        this.handshakes = Executors.newFixedThreadPool(settings.handshakeThreads(), r -> {
            Thread t = new Thread(r, "meridian-dtls");
            t.setDaemon(true);
            return t;
        });
        this.alloc = alloc;
        this.candidates = settings.candidates();
        this.clock = clock;
        this.nanos = nanos;
        this.spreadThreshold = settings.spreadThreshold();
        this.dtls = new DtlsNodeContext(certificate, handshakes, settings.handshakeTimeout(), new DtlsHandshakeCounters());
        List<MediaCounters> perLoop = new ArrayList<>();
        for (MediaLoop loop : loops.loops()) {
            perLoop.add(new MediaCounters());
            SessionTimers loopTimers = new SessionTimers(loop, conferences.values(), byUfrag.values(), nanos,
                    settings.consentTimeout().toNanos(), p -> onControl(() -> leaveQuietly(p, "ice_consent_expired")));
            timers.add(loopTimers);
            tickers.add(loop.eventLoop().scheduleAtFixedRate(loopTimers, SessionTimers.TICK_MILLIS,
                    SessionTimers.TICK_MILLIS, TimeUnit.MILLISECONDS));
        }
        this.counters = List.copyOf(perLoop);
    }

    /** Runs every loop's consent check now, on its loop, and returns once all ran (tests drive the clock). */
    void checkConsentNow() {
        for (int i = 0; i < timers.size(); i++) {
            SessionTimers loopTimers = timers.get(i);
            loops.loop(i).eventLoop().submit(loopTimers::checkConsent).syncUninterruptibly();
        }
    }

    /** The index of the media loop {@code conferenceId} lives on, if it is hosted here. */
    public java.util.OptionalInt mediaLoopOf(String conferenceId) {
        ConferenceSession conference = conferences.get(conferenceId);
        return conference == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(conference.loop.index());
    }

    /** The router's counters of each media loop, by loop index; for metrics. */
    public List<MediaCounters> mediaCounters() {
        return counters;
    }

    /** Looks up the participant an ICE check names by our ufrag; used by the ICE-lite responder. */
    public IceCredentials iceCredentials(String localUfrag) {
        ParticipantSession p = byUfrag.get(localUfrag);
        return p == null ? null : new IceCredentials(p.localIce.ufrag(), p.localIce.pwd(),
                p.negotiation.remoteIce().ufrag(), p);
    }

    @Override
    public boolean ready() {
        return !draining;
    }

    @Override
    public void drain() {
        if (!draining) {
            LOG.info("draining: no new conferences; {} in progress go on", conferences.size());
            draining = true;
            onDrain.run();
        }
    }

    /** Runs {@code listener} when the node starts draining (the cluster heartbeat publishes it at once). */
    public void onDrain(Runnable listener) {
        this.onDrain = listener;
    }

    /** The conferences this node hosts now; the heartbeat renews their pins. */
    public List<String> hostedConferenceIds() {
        return List.copyOf(conferences.keySet());
    }

    @Override
    public boolean hosts(String conferenceId) {
        return conferences.containsKey(conferenceId);
    }

    @Override
    public Optional<RemoteNode> hostedElsewhere(String conferenceId) {
        if (conferences.containsKey(conferenceId)) {
            return Optional.empty();
        }
        return pins.hostOf(conferenceId);
    }

    @Override
    public boolean draining() {
        return draining;
    }

    /** Conferences in progress; a draining node exits when this reaches zero. */
    public int activeConferences() {
        return conferences.size();
    }

    /** Participants in all conferences (each is indexed by its local ufrag until removed); for metrics. */
    public int activeParticipants() {
        return byUfrag.size();
    }

    /** The node's DTLS handshake counters; for metrics. */
    public DtlsHandshakeCounters dtlsCounters() {
        return dtls.counters();
    }

    @Override
    public List<ParticipantView> participants(String conferenceId) {
        return OperatorViews.conference(existing(conferenceId), nodeId).participants();
    }

    @Override
    public ParticipantView participant(String conferenceId, String participantId) {
        ConferenceSession conference = existing(conferenceId);
        ParticipantSession p;
        synchronized (conference) {
            p = conference.participants.get(participantId);
        }
        if (p == null) {
            throw unknownParticipant(conferenceId, participantId);
        }
        return OperatorViews.participant(p);
    }

    private ConferenceSession existing(String conferenceId) {
        ConferenceSession conference = conferences.get(conferenceId);
        if (conference == null) {
            throw ApiException.notFound("conference_not_found", "No conference '" + conferenceId + "' on this node.");
        }
        return conference;
    }

    static ApiException unknownParticipant(String conferenceId, String participantId) {
        return ApiException.notFound("participant_not_found",
                "No participant '" + participantId + "' in conference '" + conferenceId + "'.");
    }

    @Override
    public JoinResult join(JoinRequest request) {
        long joinStartNanos = nanos.getAsLong();
        IceParameters ice = IceParameters.random();
        ParticipantNegotiation negotiation;
        try {
            negotiation = ParticipantNegotiation.fromOffer(request.sdp(),
                    new LocalTransport(ice, certificate.fingerprintSha256(), candidates));
        } catch (SdpException e) {
            throw ApiException.badRequest(e.code(), e.getMessage());
        }
        while (true) {
            ConferenceSession conference = conferences.get(request.conferenceId());
            if (conference == null) {
                String region = request.region() != null ? request.region() : defaultRegion;
                ConferencePin pin = pins.pinHere(request.conferenceId(), region);
                if (draining) {
                    // Pinned here before the cluster saw this node drain: give the conference back.
                    pins.releaseQuietly(request.conferenceId());
                    throw new ApiException(503, "draining", "This node is draining and takes no new conferences.");
                }
                ConferenceSession created = newConference(request.conferenceId(), pin.region());
                conference = conferences.putIfAbsent(request.conferenceId(), created);
                if (conference == null) {
                    conference = created;
                    LOG.atInfo().addKeyValue("conference", created.id)
                            .log("conference={} created in region={}", created.id, created.region);
                }
            }
            ParticipantSession participant;
            synchronized (conference) {
                if (conference.ended) {
                    continue;
                }
                participant = admit(conference, request, ice, negotiation, joinStartNanos);
            }
            startDtls(conference, participant, negotiation);
            events.joinStage(NodeEvents.JoinStage.ANSWERED, (nanos.getAsLong() - joinStartNanos) / 1e9);
            return new JoinResult(participant.id, conference.id, conference.region, nodeId, negotiation.answerSdp());
        }
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
                    onControl(() -> leaveQuietly(participant, "dtls_failed: " + failure));
                }, events);
        synchronized (conference) {
            if (participant.closed) {
                session.close(); // removed meanwhile (e.g. by an operator): nobody else would close it
            } else {
                participant.dtls = session;
            }
        }
    }

    private ParticipantSession admit(ConferenceSession conference, JoinRequest request, IceParameters ice,
                                     ParticipantNegotiation negotiation, long joinStartNanos) {
        String id = ParticipantIds.next();
        ParticipantSession participant = new ParticipantSession(id, request.displayName(), request.identity(),
                clock.instant(), conference, ice, negotiation, nanos, events, joinStartNanos);
        conference.participants.put(id, participant);
        byUfrag.put(ice.ufrag(), participant);
        conference.loop.participantJoined();
        var features = NegotiatedFeatures.of(negotiation.answerSdp());
        FanOutShard shard = spreadShard(conference);
        conference.loop.eventLoop().execute(() -> {
            if (!participant.closed) {
                participant.leg = shard == null
                        ? conference.media.addLeg(id, participant::sendMedia, features)
                        : conference.media.addLeg(id, participant::sendMedia, features, shard,
                                datagram -> participant.sendVia(loops.loop(shard.index()), datagram));
                conference.mediaEvents.own(participant.leg, participant);
            }
        });
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

    @Override
    public void leave(String conferenceId, String participantId) {
        ConferenceSession conference = existing(conferenceId);
        synchronized (conference) {
            ParticipantSession participant = conference.participants.get(participantId);
            if (participant == null) {
                throw unknownParticipant(conferenceId, participantId);
            }
            LOG.atInfo().addKeyValue("conference", conferenceId).addKeyValue("participant", participantId)
                    .log("conference={} participant={} left", conferenceId, participantId);
            remove(conference, participant, "left");
        }
    }

    private void leaveQuietly(ParticipantSession participant, String reason) {
        ConferenceSession conference = participant.conference;
        synchronized (conference) {
            if (conference.participants.get(participant.id) == participant) {
                LOG.atInfo().addKeyValue("conference", conference.id).addKeyValue("participant", participant.id)
                        .log("conference={} participant={} removed: {}", conference.id, participant.id, reason);
                remove(conference, participant, reason);
            }
        }
    }

    /** Caller holds the conference lock. */
    private void remove(ConferenceSession conference, ParticipantSession participant, String reason) {
        events.participantRemoved(reason);
        conference.participants.remove(participant.id);
        participant.closed = true;
        byUfrag.remove(participant.localIce.ufrag(), participant);
        if (participant.dtls != null) {
            participant.dtls.close();
        }
        conference.loop.participantLeft();
        loops.forget(participant);
        conference.loop.eventLoop().execute(() -> {
            if (participant.leg != null) {
                conference.media.removeLeg(participant.leg);
                conference.mediaEvents.disown(participant.leg);
            }
        });
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
            conferences.remove(conference.id, conference);
            // Off the conference's lock: the store may be slow or unreachable. A conference started here again
            // meanwhile keeps its pin.
            onControl(() -> {
                if (!conferences.containsKey(conference.id)) {
                    pins.releaseQuietly(conference.id);
                }
            });
            LOG.atInfo().addKeyValue("conference", conference.id).log("conference={} ended", conference.id);
        }
    }

    @Override
    public List<ConferenceView> conferences() {
        List<ConferenceView> views = new ArrayList<>();
        for (ConferenceSession conference : conferences.values()) {
            views.add(OperatorViews.conference(conference, nodeId));
        }
        return views;
    }

    @Override
    public Optional<ConferenceView> conference(String conferenceId) {
        ConferenceSession conference = conferences.get(conferenceId);
        return conference == null ? Optional.empty() : Optional.of(OperatorViews.conference(conference, nodeId));
    }

    @Override
    public void endConference(String conferenceId) {
        ConferenceSession conference = existing(conferenceId);
        synchronized (conference) {
            for (ParticipantSession p : List.copyOf(conference.participants.values())) {
                remove(conference, p, "conference_ended");
            }
        }
    }

    @Override
    public EventSession openEvents(String conferenceId, String participantId, EventSink sink) {
        ConferenceSession conference = existing(conferenceId);
        return EventsAttachment.attach(conference, participantId, sink, negotiator, conference.loop.eventLoop(),
                p -> onControl(() -> leaveQuietly(p, "events_socket_closed")));
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

    private ConferenceSession newConference(String conferenceId, String region) {
        MediaLoop loop = loops.leastLoaded();
        MediaEvents mediaEvents = new MediaEvents(events);
        Conference media = new Conference(conferenceId, counters.get(loop.index()), alloc, nanos, stages,
                mediaEvents);
        return new ConferenceSession(conferenceId, region, clock.instant(), loop, media, mediaEvents);
    }

    /** Runs control work off the media loop and API threads; after close there is nothing left to clean. */
    private void onControl(Runnable task) {
        try {
            control.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // The manager is closing and removes every participant itself.
        }
    }

    @Override
    public void close() {
        draining = true;
        tickers.forEach(t -> t.cancel(false));
        for (ConferenceSession conference : List.copyOf(conferences.values())) {
            try {
                endConference(conference.id);
            } catch (ApiException ignored) {
                // Ended concurrently.
            }
        }
        control.shutdown();
        handshakes.shutdownNow();
    }
}
