package io.meridian.loadgen;

import io.meridian.client.ApiClient;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.client.MediaTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.client.StunClient;
import io.meridian.srtp.DtlsCertificate;
import io.meridian.srtp.SrtpProfile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * A synthetic participant of a Janus VideoRoom, as janus.js's VideoRoom demo is one: a Janus session with a
 * publisher handle (joined to the room; it publishes audio and video on its own PeerConnection when the participant
 * publishes, and hears of new publishers either way) and one multistream subscriber handle whose one PeerConnection
 * receives every other publisher's streams, renegotiated ({@code update}, then {@code start} with the answer) when
 * publishers appear. Media is the same stamped RTP as a Meridian participant's, so the same statistics apply; Janus
 * rewrites SSRCs and sequence numbers per subscriber, the stamps in the payload it leaves alone.
 */
final class JanusParticipant implements BenchParticipant {

    /** How long DTLS waits for Janus's own connectivity check to be answered (libnice checks even as ICE-lite). */
    private static final long PEER_CHECK_WAIT_MILLIS = 2000;
    /**
     * Janus drops DTLS until its ICE component is "ready", a few milliseconds after libnice's check succeeded; a
     * ClientHello sent in that gap is resent by Bouncy Castle only after its 1 s initial timer (RFC 6347
     * §4.2.4.1), where a browser (libwebrtc) retries after 50 ms. Waiting this long first keeps that artefact of
     * the load generator out of Janus's join times.
     */
    private static final long DTLS_START_DELAY_MILLIS = 20;

    private final JanusApi api;
    private final long room;
    private final String label;
    private final boolean publishes;
    private final PeerIdentity identity;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final ReceiveStats stats;
    /** Null when this participant only receives. */
    private final OutgoingMedia outgoing;
    /** Renegotiations run here, one at a time per participant (a chain), never on the long poll's thread. */
    private final Executor signalling;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private List<SrtpProfile> profiles;
    private Executor handshakeThreads;
    private JanusApi.Session session;
    private volatile JanusSubscription subscription;
    private volatile MediaTransport publisherTransport;
    private long joinStartNanos;
    private volatile boolean closed;
    /** Media stopped by the bench: Janus hanging up after this side's close_notify is expected. */
    private volatile boolean stopped;

    JanusParticipant(JanusApi api, long room, String label, boolean publishes, int firstStreamId,
                     MeasurementWindow window, Executor signalling) {
        this.api = api;
        this.room = room;
        this.label = label;
        this.publishes = publishes;
        this.signalling = signalling;
        this.identity = PeerIdentity.random(label);
        this.stats = new ReceiveStats(window);
        this.outgoing = publishes ? new OutgoingMedia(firstStreamId, identity, false) : null;
    }

    /**
     * Joins the room (publishing: {@code joinandconfigure} with the offer; else a plain publisher {@code join}),
     * connects the publisher PeerConnection, then subscribes to everyone already publishing; returns once every
     * PeerConnection it has completed DTLS.
     */
    @Override
    public void join(List<SrtpProfile> profiles, Executor handshakeThreads) throws IOException {
        this.profiles = profiles;
        this.handshakeThreads = handshakeThreads;
        joinStartNanos = System.nanoTime();
        session = api.createSession(this::problem);
        subscription = new JanusSubscription(session, room, identity, certificate.fingerprintSha256(), stats,
                this::connect, signalling, this::problem, () -> !closed && !stopped);
        long publisher = session.attach(this::onPublisherEvent);
        ObjectNode join = ApiClient.JSON.createObjectNode().put("request", publishes ? "joinandconfigure"
                : "join").put("ptype", "publisher").put("room", room).put("display", label);
        JsonNode joined;
        if (publishes) {
            join.put("audio", true).put("video", true);
            // This side offers a=setup:active (RFC 5763 §5 allows it) so that it is the DTLS client, as in the
            // Meridian run: its one offered SRTP profile (--srtp) is then the one Janus must take.
            String offer = JanusSdp.withSetup(PeerSdp.joinOffer(identity, certificate.fingerprintSha256(),
                    true), "active");
            joined = session.message(publisher, join, "offer", offer);
            String answer = joined.path("jsep").path("sdp").asText(null);
            JanusApi.pluginData(joined);
            if (answer == null) {
                throw new IOException("janus joined " + label + " without an SDP answer: " + joined);
            }
            JanusSdp.Remote remote = JanusSdp.remote(answer);
            MediaTransport transport = new MediaTransport(remote.candidate(), stats);
            transport.answerChecks(identity.ufrag(), identity.pwd());
            try {
                // The offer had no candidates (a browser's neither): trickle this side's one, then "completed".
                session.trickle(publisher, transport.localAddress());
            } catch (IOException e) {
                transport.close();
                throw e;
            }
            publisherTransport = connect(remote, transport);
            outgoing.keyframeNow();
        } else {
            joined = session.message(publisher, join, null, null);
        }
        JsonNode data = JanusApi.pluginData(joined);
        subscription.ownFeed(data.path("id").asLong());
        subscription.subscribe(feeds(data.path("publishers")));
    }

    /** New publishers (a "publishers" list in a videoroom event) are subscribed to, in order, off this thread. */
    private void onPublisherEvent(JsonNode event) {
        if ("hangup".equals(event.path("janus").asText()) && !stopped) {
            problem("janus hung up the publisher PeerConnection: " + event.path("reason").asText());
        }
        subscription.onPublishers(feeds(event.path("plugindata").path("data").path("publishers")));
    }

    private void problem(String description) {
        problems.add(label + ": " + description);
        System.err.println("\nbench: " + label + ": " + description);
    }

    /**
     * ICE and DTLS on a new PeerConnection's transport: this side's check (it controls; Janus is ICE-lite), then,
     * once it has answered libnice's own check, the DTLS handshake in the role Janus's SDP leaves to this side.
     */
    private MediaTransport connect(JanusSdp.Remote remote, MediaTransport transport) throws IOException {
        try {
            transport.check(new StunClient(remote.ufrag(), remote.pwd(), identity.ufrag()));
            transport.awaitPeerCheck(PEER_CHECK_WAIT_MILLIS);
            pause(DTLS_START_DELAY_MILLIS);
            transport.handshake(certificate, remote.fingerprint(), profiles, handshakeThreads, remote.localRole());
            return transport;
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        }
    }

    private static List<Long> feeds(JsonNode publishers) {
        List<Long> out = new ArrayList<>();
        publishers.forEach(p -> out.add(p.path("id").asLong()));
        return out;
    }

    private MediaTransport subscriberTransport() {
        JanusSubscription s = subscription;
        return s == null ? null : s.transport();
    }

    @Override
    public void refreshConsent() {
        MediaTransport pub = publisherTransport;
        MediaTransport sub = subscriberTransport();
        if (pub != null) {
            pub.sendConsentCheck();
        }
        if (sub != null) {
            sub.sendConsentCheck();
        }
    }

    /** Sends the audio and video due this tick on the publisher PeerConnection (pacer thread only). */
    @Override
    public void tick(MediaProfile media, long nowNanos) {
        MediaTransport transport = publisherTransport;
        if (!publishes || transport == null) {
            return;
        }
        outgoing.tick(transport, media, nowNanos);
    }

    @Override
    public boolean publishes() {
        return publishes;
    }

    @Override
    public List<PublishedStream> published() {
        return outgoing == null ? List.of() : outgoing.streams();
    }

    @Override
    public ReceiveStats stats() {
        return stats;
    }

    @Override
    public long joinNanos() {
        long first = stats.firstAudioNanos();
        return first == 0 ? -1 : first - joinStartNanos;
    }

    @Override
    public long undecryptable() {
        MediaTransport pub = publisherTransport;
        MediaTransport sub = subscriberTransport();
        return (pub == null ? 0 : pub.undecryptable()) + (sub == null ? 0 : sub.undecryptable());
    }

    @Override
    public long sendFailures() {
        return outgoing == null ? 0 : outgoing.sendFailures();
    }

    @Override
    public List<String> signallingProblems() {
        return List.copyOf(problems);
    }

    @Override
    public void stopMedia() {
        stopped = true;
        MediaTransport pub = publisherTransport;
        MediaTransport sub = subscriberTransport();
        if (pub != null) {
            pub.close();
        }
        if (sub != null) {
            sub.close();
        }
    }

    /** Destroys the Janus session (the publisher leaves the room, both PeerConnections end) and closes sockets. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (session != null) {
            session.close();
        }
        stopMedia();
    }
}
