package io.meridian.loadgen;

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
 * A participant's events WebSocket (API.md, "Renegotiation"): answers every server offer as a browser's signalling
 * code would and records problems (server errors, failures to answer).
 *
 * <p>It runs on Vert.x's WebSocket client, not the JDK's: in runs with 1,000 participants the JDK 17 client failed
 * about one socket in a thousand with "Invalid UTF-8 in frame TEXT" (closing it with 1007), while a packet capture of
 * such a run showed every frame the node sent well formed and valid UTF-8.
 */
final class EventsSocket {
    /** Builds the SDP answer to a server offer. */
    interface Answerer {
        String answer(String offerSdp) throws Exception;
    }

    /** Two event loops for every participant's socket in this JVM (daemon threads; never one per socket). */
    private static final Vertx VERTX = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
    /** One socket per participant, all to the same node: far above the client's default of 50 per endpoint. */
    private static final int MAX_SOCKETS = 100_000;
    private static final WebSocketClient CLIENT = VERTX.createWebSocketClient(new WebSocketClientOptions()
            .setMaxConnections(MAX_SOCKETS).setConnectTimeout(30_000)
            .setMaxMessageSize(16 * 1024 * 1024).setMaxFrameSize(16 * 1024 * 1024));

    private final Answerer answerer;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile WebSocket socket;

    EventsSocket(Answerer answerer) {
        this.answerer = answerer;
    }

    /** Opens the socket at {@code uri} (ws://host:port/path); completes once it is open. */
    CompletableFuture<Void> open(URI uri) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(uri.getHost())
                .setPort(uri.getPort()).setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?"
                        + uri.getRawQuery()));
        CompletableFuture<Void> opened = new CompletableFuture<>();
        CLIENT.connect(options).onComplete(ar -> {
            if (ar.failed()) {
                opened.completeExceptionally(ar.cause());
                return;
            }
            WebSocket ws = ar.result();
            ws.textMessageHandler(this::handle);
            ws.exceptionHandler(this::onError);
            socket = ws;
            opened.complete(null);
        });
        return opened;
    }

    private void handle(String text) {
        JsonNode message;
        try {
            message = SignallingClient.JSON.readTree(text);
        } catch (Exception e) {
            problems.add("not JSON: " + text);
            return;
        }
        String type = message.path("type").asText();
        if (type.equals("error")) {
            problems.add("server error: " + text);
        } else if (type.equals("offer")) {
            int revision = message.path("revision").asInt();
            try {
                ObjectNode answer = SignallingClient.JSON.createObjectNode();
                answer.put("type", "answer");
                answer.put("revision", revision);
                answer.put("sdp", answerer.answer(message.path("sdp").asText()));
                socket.writeTextMessage(answer.toString())
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

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Closes with 1000 (bounded wait). */
    void close() {
        WebSocket ws = socket;
        if (ws == null || ws.isClosed()) {
            return;
        }
        Future<Void> closing = ws.close((short) 1000, "bye");
        try {
            closing.toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The node may be gone already; the connection is released either way.
        }
    }
}
