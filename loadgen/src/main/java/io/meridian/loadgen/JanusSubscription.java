package io.meridian.loadgen;

import io.meridian.client.ApiClient;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.client.MediaTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.sdp.SdpException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A {@link JanusParticipant}'s one multistream subscriber PeerConnection (VideoRoom API, Janus 1.x): a subscriber
 * {@code join} listing the first feeds, then an {@code update} with {@code subscribe} for each later batch of new
 * publishers; Janus answers each with an offer, answered by a {@code start} request carrying this side's answer
 * (Janus is the offerer here, so this side answers {@code a=setup:active}, RFC 5763 §5, and is the DTLS client).
 * Renegotiations run one at a time, in order, on the signalling executor, never on the long poll's thread.
 */
final class JanusSubscription {
    /** Connects a new PeerConnection's transport: ICE, then DTLS. */
    interface Connector {
        MediaTransport connect(JanusSdp.Remote remote, MediaTransport transport) throws IOException;
    }

    private interface Step {
        void run() throws IOException;
    }

    private final JanusApi.Session session;
    private final long room;
    private final PeerIdentity identity;
    private final String fingerprint;
    private final ReceiveStats stats;
    private final Connector connector;
    private final Executor signalling;
    private final Consumer<String> problems;
    private final BooleanSupplier active;
    private final Set<Long> subscribedFeeds = new HashSet<>();
    /** Guards {@link #chain} only: the long poll's thread takes it, so it is never held while waiting on Janus. */
    private final Object chainLock = new Object();
    private CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    private volatile long ownFeed = -1;
    private long handle;
    private volatile MediaTransport transport;

    JanusSubscription(JanusApi.Session session, long room, PeerIdentity identity, String fingerprint,
                      ReceiveStats stats, Connector connector, Executor signalling, Consumer<String> problems,
                      BooleanSupplier active) {
        this.session = session;
        this.room = room;
        this.identity = identity;
        this.fingerprint = fingerprint;
        this.stats = stats;
        this.connector = connector;
        this.signalling = signalling;
        this.problems = problems;
        this.active = active;
    }

    /** The participant's own feed id, once joined: never subscribed to. */
    void ownFeed(long feed) {
        ownFeed = feed;
    }

    /** The subscriber PeerConnection's transport; null until the first subscription connected. */
    MediaTransport transport() {
        return transport;
    }

    /** New publishers heard of on the publisher handle: subscribed to later, in order. */
    void onPublishers(List<Long> feeds) {
        if (!feeds.isEmpty()) {
            renegotiate(() -> subscribe(feeds));
        }
    }

    /** Janus re-offers on its own when a subscribed publisher leaves; that offer is answered like any other. */
    private void onEvent(JsonNode event) {
        if ("hangup".equals(event.path("janus").asText()) && active.getAsBoolean()) {
            problems.accept("janus hung up the subscriber PeerConnection: " + event.path("reason").asText());
        }
        String offer = event.path("jsep").path("sdp").asText(null);
        if (offer != null && "offer".equals(event.path("jsep").path("type").asText())) {
            renegotiate(() -> answer(offer));
        }
    }

    private void renegotiate(Step step) {
        synchronized (chainLock) {
            chain = chain.thenRunAsync(() -> {
                if (!active.getAsBoolean()) {
                    return;
                }
                try {
                    step.run();
                } catch (IOException | RuntimeException e) {
                    problems.accept("renegotiation failed: " + e.getMessage());
                }
            }, signalling);
        }
    }

    /** Subscribes to {@code feeds}: a subscriber {@code join} the first time, an {@code update} after that. */
    synchronized void subscribe(List<Long> feeds) throws IOException {
        List<Long> fresh = new ArrayList<>();
        for (long feed : feeds) {
            if (feed != ownFeed && subscribedFeeds.add(feed)) {
                fresh.add(feed);
            }
        }
        if (fresh.isEmpty() || !active.getAsBoolean()) {
            return;
        }
        ObjectNode body = ApiClient.JSON.createObjectNode();
        ArrayNode streams;
        if (handle == 0) {
            handle = session.attach(this::onEvent);
            body.put("request", "join").put("ptype", "subscriber").put("room", room);
            streams = body.putArray("streams");
        } else {
            body.put("request", "update");
            streams = body.putArray("subscribe");
        }
        fresh.forEach(feed -> streams.addObject().put("feed", feed));
        JsonNode reply = session.message(handle, body, null, null);
        JanusApi.pluginData(reply);
        String offer = reply.path("jsep").path("sdp").asText(null);
        if (offer != null) {
            answer(offer);
        }
    }

    /** Answers Janus's offer with {@code start}; the first answer also connects the PeerConnection. */
    private synchronized void answer(String offer) throws IOException {
        JanusSdp.Remote remote = JanusSdp.remote(offer);
        MediaTransport current = transport;
        boolean first = current == null;
        if (first) {
            current = new MediaTransport(remote.candidate(), stats);
            current.answerChecks(identity.ufrag(), identity.pwd());
        }
        try {
            String answer = JanusSdp.withCandidate(PeerSdp.answer(offer, identity, fingerprint),
                    current.localAddress());
            ObjectNode start = ApiClient.JSON.createObjectNode().put("request", "start");
            JanusApi.pluginData(session.message(handle, start, "answer", answer));
        } catch (SdpException e) {
            closeIfNew(first, current);
            throw new IOException("cannot answer janus's offer: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeIfNew(first, current);
            throw e;
        }
        if (first) {
            transport = connector.connect(remote, current);
        }
    }

    private static void closeIfNew(boolean isNew, MediaTransport transport) {
        if (isNew) {
            transport.close();
        }
    }
}
