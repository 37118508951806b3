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
import io.meridian.placement.RegionPlacement;
import io.meridian.router.MediaCounters;
import io.meridian.router.StageRegistry;
import io.meridian.router.registry.DefaultStages;
import io.meridian.sdp.IceParameters;
import io.meridian.server.ice.IceCredentialLookup;
import io.meridian.server.transport.MediaLoop;
import io.meridian.server.transport.MediaLoops;
import io.meridian.srtp.DtlsCertificate;
import io.meridian.srtp.DtlsHandshakeCounters;
import io.meridian.srtp.DtlsNodeContext;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The node's conferences, as the API sees them. Each job has its class: {@link Admission} answers joins,
 * {@link Removal} takes participants out, {@link ConferencePins} talks to the placement store, {@link MediaWiring}
 * puts conferences and legs on the media loops, {@link DtlsWiring} starts DTLS, {@link IceLookup} serves ICE checks
 * and {@link SessionTimers} runs each loop's periodic work. Signalling runs on API threads under each conference's
 * lock; media state changes are posted to the conference's media loop, in order, so the packet path never locks.
 */
public final class ConferenceManager implements ConferenceService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConferenceManager.class);

    private final String nodeId;
    private final HostedConferences hosted = new HostedConferences();
    private final ConferencePins pins;
    private final MediaWiring media;
    private final Negotiator negotiator;
    private final ExecutorService handshakes;
    private final DtlsNodeContext dtls;
    private final Removal removal;
    private final Admission admission;
    private final List<ScheduledFuture<?>> tickers = new ArrayList<>();
    private final List<SessionTimers> timers = new ArrayList<>();
    private volatile boolean draining;
    private volatile Runnable onDrain = () -> { };

    /**
     * @param clock wall-clock time (operator views)
     * @param nanos monotonic time for every timeout and join stage; tests drive it by hand
     */
    /** The TURN relay's addresses: a participant checked from one of them is relayed. */
    private final java.util.Set<String> relayAddresses;

    public ConferenceManager(ManagerSettings settings, RegionPlacement placement, MediaLoops loops,
                             DtlsCertificate certificate, ByteBufAllocator alloc, Clock clock, LongSupplier nanos,
                             NodeEvents events) {
        this(settings, placement, loops, certificate, alloc, clock, nanos, events,
                DefaultStages.registry(settings.retransmission(), settings.congestion()));
    }

    /**
     * As the node's own, with the media stages {@code stages} instead of the node's ({@link DefaultStages} with the
     * settings' retransmission and congestion control): for a node started in a test that watches the packet path.
     */
    public ConferenceManager(ManagerSettings settings, RegionPlacement placement, MediaLoops loops,
                             DtlsCertificate certificate, ByteBufAllocator alloc, Clock clock, LongSupplier nanos,
                             NodeEvents events, StageRegistry stages) {
        this.nodeId = settings.nodeId();
        this.relayAddresses = settings.relayAddresses();
        this.negotiator = new Negotiator(OfferFilter.of(settings.congestion().transportCc()));
        this.pins = new ConferencePins(placement, settings.nodeId());
        this.media = new MediaWiring(loops, alloc, nanos, events, settings.spreadThreshold(), stages);
        ThreadPoolExecutor handshakePool = (ThreadPoolExecutor) Executors.newFixedThreadPool(
                settings.handshakeThreads(), r -> {
                    Thread t = new Thread(r, "meridian-dtls");
                    t.setDaemon(true);
                    return t;
                });
        // All at start: the node's thread count is then the same whatever joins, and a soak that sees it grow has
        // found a leak, not a pool filling up.
        handshakePool.prestartAllCoreThreads();
        this.handshakes = handshakePool;
        this.dtls = new DtlsNodeContext(certificate, handshakes, settings.handshakeTimeout(), new DtlsHandshakeCounters());
        this.removal = new Removal(hosted, media, negotiator, pins, events);
        this.admission = new Admission(settings, certificate.fingerprintSha256(), hosted, pins, media, negotiator,
                dtls, removal, events, clock, nanos, () -> draining);
        for (MediaLoop loop : loops.loops()) {
            SessionTimers loopTimers = new SessionTimers(loop, hosted.byId.values(), hosted.byUfrag.values(), nanos,
                    settings.consentTimeout().toNanos(), p -> removal.later(p, "ice_consent_expired"));
            timers.add(loopTimers);
            tickers.add(loop.eventLoop().scheduleAtFixedRate(loopTimers, SessionTimers.TICK_MILLIS,
                    SessionTimers.TICK_MILLIS, TimeUnit.MILLISECONDS));
        }
    }

    /** Looks up the participant an ICE check names by our ufrag; for the ICE-lite responder. */
    public IceCredentialLookup iceLookup() {
        return new IceLookup(hosted);
    }

    /** Runs every loop's consent check now, on its loop, and returns once all ran (tests drive the clock). */
    void checkConsentNow() {
        for (int i = 0; i < timers.size(); i++) {
            SessionTimers loopTimers = timers.get(i);
            media.loops().loop(i).eventLoop().submit(loopTimers::checkConsent).syncUninterruptibly();
        }
    }

    /** The index of the media loop {@code conferenceId} lives on, if it is hosted here. */
    public OptionalInt mediaLoopOf(String conferenceId) {
        ConferenceSession conference = hosted.byId.get(conferenceId);
        return conference == null ? OptionalInt.empty() : OptionalInt.of(conference.loop.index());
    }

    /** The router's counters of each media loop, by loop index; for metrics. */
    public List<MediaCounters> mediaCounters() {
        return media.counters();
    }

    @Override
    public JoinResult join(JoinRequest request) {
        return admission.join(request);
    }

    @Override
    public void leave(String conferenceId, String participantId) {
        removal.leave(conferenceId, participantId);
    }

    @Override
    public void endConference(String conferenceId) {
        removal.endConference(conferenceId);
    }

    @Override
    public EventSession openEvents(String conferenceId, String participantId, EventSink sink) {
        ConferenceSession conference = hosted.existing(conferenceId);
        return EventsAttachment.attach(conference, participantId, sink, negotiator, conference.loop.eventLoop(),
                p -> removal.later(p, "events_socket_closed"));
    }

    @Override
    public boolean ready() {
        return !draining;
    }

    @Override
    public void drain() {
        if (!draining) {
            LOG.info("draining: no new conferences; {} in progress go on", hosted.byId.size());
            draining = true;
            onDrain.run();
        }
    }

    /** Runs {@code listener} when the node starts draining (the cluster heartbeat publishes it at once). */
    public void onDrain(Runnable listener) {
        this.onDrain = listener;
    }

    @Override
    public boolean draining() {
        return draining;
    }

    /** The conferences this node hosts now; the heartbeat renews their pins. */
    public List<String> hostedConferenceIds() {
        return List.copyOf(hosted.byId.keySet());
    }

    @Override
    public boolean hosts(String conferenceId) {
        return hosted.byId.containsKey(conferenceId);
    }

    @Override
    public Optional<RemoteNode> hostedElsewhere(String conferenceId) {
        if (hosts(conferenceId)) {
            return Optional.empty();
        }
        return pins.hostOf(conferenceId);
    }

    /** Conferences in progress; a draining node exits when this reaches zero. */
    public int activeConferences() {
        return hosted.byId.size();
    }

    /** Participants in all conferences (each is indexed by its local ufrag until removed); for metrics. */
    public int activeParticipants() {
        return hosted.byUfrag.size();
    }

    /** Participants with a checked address, by the transport they reach the node over (udp, tcp, relay); metrics. */
    public java.util.Map<String, Long> participantsByTransport() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (String transport : OperatorViews.TRANSPORTS) {
            counts.put(transport, 0L);
        }
        for (ParticipantSession p : hosted.byUfrag.values()) {
            String transport = OperatorViews.transport(p, relayAddresses);
            if (transport != null) {
                counts.merge(transport, 1L, Long::sum);
            }
        }
        return counts;
    }

    /** The node's DTLS handshake counters; for metrics. */
    public DtlsHandshakeCounters dtlsCounters() {
        return dtls.counters();
    }

    @Override
    public List<ConferenceView> conferences() {
        List<ConferenceView> views = new ArrayList<>();
        for (ConferenceSession conference : hosted.byId.values()) {
            views.add(OperatorViews.conference(conference, nodeId, relayAddresses));
        }
        return views;
    }

    @Override
    public Optional<ConferenceView> conference(String conferenceId) {
        ConferenceSession conference = hosted.byId.get(conferenceId);
        return conference == null ? Optional.empty() : Optional.of(OperatorViews.conference(conference, nodeId, relayAddresses));
    }

    @Override
    public ConferenceView updateConference(String conferenceId, int lastN) {
        ConferenceSession conference = hosted.existing(conferenceId);
        conference.lastN = lastN;
        conference.loop.eventLoop().execute(() -> conference.media.conferenceLastN(lastN));
        return OperatorViews.conference(conference, nodeId, relayAddresses);
    }

    @Override
    public List<ParticipantView> participants(String conferenceId) {
        return OperatorViews.conference(hosted.existing(conferenceId), nodeId, relayAddresses).participants();
    }

    @Override
    public ParticipantView participant(String conferenceId, String participantId) {
        ConferenceSession conference = hosted.existing(conferenceId);
        ParticipantSession p;
        synchronized (conference) {
            p = conference.participants.get(participantId);
        }
        if (p == null) {
            throw HostedConferences.unknownParticipant(conferenceId, participantId);
        }
        return OperatorViews.participant(p, relayAddresses);
    }

    @Override
    public IceRestart restartIce(String conferenceId, String participantId, String ufrag, String pwd) {
        IceParameters remote;
        try {
            remote = new IceParameters(ufrag, pwd);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.badRequest("invalid_ice_credentials", "An ICE restart needs a=ice-ufrag (4-256 "
                    + "ice-chars) and a=ice-pwd (22-256), RFC 8839 §5.4.");
        }
        ConferenceSession conference = hosted.existing(conferenceId);
        synchronized (conference) {
            ParticipantSession p = conference.participants.get(participantId);
            if (p == null || p.closed) {
                throw HostedConferences.unknownParticipant(conferenceId, participantId);
            }
            if (p.events != null) {
                throw new ApiException(422, "ice_restart_unsupported", "A participant with an events socket cannot "
                        + "restart ICE here; it rejoins instead.");
            }
            IceParameters local = IceParameters.random();
            IceParameters old = p.ice.local();
            hosted.byUfrag.put(local.ufrag(), p);
            p.ice = new ParticipantSession.IcePair(local, remote);
            hosted.byUfrag.remove(old.ufrag(), p);
            List<String> candidates = p.negotiation.answerSdp().lines().filter(l -> l.startsWith("a=candidate:"))
                    .map(l -> l.substring("a=".length())).distinct().toList();
            return new IceRestart(local.ufrag(), local.pwd(), candidates);
        }
    }

    @Override
    public String iceUfrag(String conferenceId, String participantId) {
        ConferenceSession conference = hosted.existing(conferenceId);
        synchronized (conference) {
            ParticipantSession p = conference.participants.get(participantId);
            if (p == null) {
                throw HostedConferences.unknownParticipant(conferenceId, participantId);
            }
            return p.ice.local().ufrag();
        }
    }

    /** The participant whose local ufrag is {@code localUfrag}, or null (tests). */
    ParticipantSession byLocalUfrag(String localUfrag) {
        return hosted.byUfrag.get(localUfrag);
    }

    @Override
    public void close() {
        draining = true;
        tickers.forEach(t -> t.cancel(false));
        for (String conferenceId : hostedConferenceIds()) {
            try {
                removal.endConference(conferenceId);
            } catch (ApiException ignored) {
                // Ended concurrently.
            }
        }
        removal.close();
        handshakes.shutdownNow();
    }
}
