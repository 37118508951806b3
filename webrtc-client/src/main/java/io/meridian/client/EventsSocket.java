package io.meridian.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A peer's events WebSocket (API.md, "Renegotiation"): answers every server offer with the answer {@code answerer}
 * builds, as a browser's signalling code would, and records problems (server errors, failures to answer). A
 * recording socket also keeps every message and every offer it answered, for tests; the load generator's thousands
 * of sockets keep nothing.
 *
 * <p>It runs on Vert.x's WebSocket client, not the JDK's: in runs with 1,000 participants the JDK 17 client failed
 * about one socket in a thousand with "Invalid UTF-8 in frame TEXT" (closing it with 1007), while a packet capture of
 * such a run showed every frame the node sent well formed and valid UTF-8.
 */
public final class EventsSocket {
    /** Builds the SDP answer to a server offer; may throw, which is recorded as a problem. */
    public interface Answerer {
        String answer(String offerSdp) throws Exception;
    }

    /** Told of each server offer once its answer is written (on the socket's event loop; it may {@link #send}). */
    public interface OfferAnswered {
        OfferAnswered NONE = (socket, offerSdp) -> { };

        void answered(EventsSocket socket, String offerSdp);
    }

    /** A server offer this peer has answered (its answer was sent). */
    public record ServerOffer(int revision, String sdp) {
    }

    /** Two event loops for every peer's socket in this JVM (daemon threads; never one per socket). */
    private static final Vertx VERTX = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
    /** One socket per peer, all to the same node: far above the client's default of 50 per endpoint. */
    private static final int MAX_SOCKETS = 100_000;
    private static final WebSocketClient CLIENT = VERTX.createWebSocketClient(new WebSocketClientOptions()
            .setMaxConnections(MAX_SOCKETS).setConnectTimeout(30_000)
            .setMaxMessageSize(16 * 1024 * 1024).setMaxFrameSize(16 * 1024 * 1024));

    private final Answerer answerer;
    private final boolean recording;
    private final OfferAnswered offerAnswered;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<ServerOffer> answered = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile WebSocket socket;
    private volatile boolean closing;
    private volatile boolean closedByServer;

    /** @param recording whether to keep every message and answered offer ({@link #received()}, {@link #answered()}) */
    public EventsSocket(Answerer answerer, boolean recording) {
        this(answerer, recording, OfferAnswered.NONE);
    }

    public EventsSocket(Answerer answerer, boolean recording, OfferAnswered offerAnswered) {
        this.answerer = answerer;
        this.recording = recording;
        this.offerAnswered = offerAnswered;
    }

    /**
     * Opens the socket at {@code uri} (ws://host:port/path?query), presenting {@code bearerToken} when it is not
     * null; completes once it is open.
     */
    public CompletableFuture<Void> open(URI uri, String bearerToken) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(uri.getHost())
                .setPort(uri.getPort()).setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?"
                        + uri.getRawQuery()));
        if (bearerToken != null) {
            options.addHeader("Authorization", "Bearer " + bearerToken);
        }
        CompletableFuture<Void> opened = new CompletableFuture<>();
        CLIENT.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                opened.completeExceptionally(ar.cause());
                return;
            }
            WebSocket ws = ar.result();
            ws.textMessageHandler(this::handle);
            ws.exceptionHandler(this::onError);
            ws.closeHandler(v -> closedByServer = !closing);
            socket = ws;
            opened.complete(null);
        });
        return opened;
    }

    /** Sends {@code text} as one text frame, as any client could; completes once it is written. */
    public CompletableFuture<Void> send(String text) {
        return socket.writeTextMessage(text).toCompletionStage().toCompletableFuture();
    }

    private void handle(String text) {
        JsonNode message;
        try {
            message = ApiClient.JSON.readTree(text);
        } catch (Exception e) {
            problems.add("not JSON: " + text);
            return;
        }
        if (recording) {
            received.add(message);
        }
        String type = message.path("type").asText();
        if (type.equals("error")) {
            problems.add("server error: " + text);
        } else if (type.equals("offer")) {
            int revision = message.path("revision").asInt();
            String sdp = message.path("sdp").asText();
            try {
                ObjectNode answer = ApiClient.JSON.createObjectNode();
                answer.put("type", "answer");
                answer.put("revision", revision);
                answer.put("sdp", answerer.answer(sdp));
                socket.writeTextMessage(answer.toString())
                        .onSuccess(v -> {
                            if (recording) {
                                answered.add(new ServerOffer(revision, sdp));
                            }
                            offerAnswered.answered(this, sdp);
                        })
                        .onFailure(e -> problems.add("send failed: " + e));
            } catch (Exception e) {
                problems.add("could not answer offer " + revision + ": " + e);
            }
        }
    }

    private void onError(Throwable error) {
        StringBuilder chain = new StringBuilder("websocket error: ").append(error);
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            chain.append(" <- ").append(cause);
        }
        problems.add(chain.toString());
    }

    /** Every message received, in order (empty unless recording). */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** Server offers answered, in order (empty unless recording). */
    public List<ServerOffer> answered() {
        return List.copyOf(answered);
    }

    /** Errors from the node and local failures to answer; empty in a healthy call. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Whether the connection ended without this side closing it. */
    public boolean isClosedByServer() {
        return closedByServer;
    }

    /** Closes with 1000 (bounded wait). */
    public void close() {
        closing = true;
        WebSocket ws = socket;
        if (ws == null || ws.isClosed()) {
            return;
        }
        Future<Void> bye = ws.close((short) 1000, "bye");
        try {
            bye.toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The node may be gone already; the connection is released either way.
        }
    }
}
