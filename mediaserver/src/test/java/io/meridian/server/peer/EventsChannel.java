package io.meridian.server.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A participant's events WebSocket (API.md, "Renegotiation"): records every message and answers every server offer
 * with the answer {@code answerer} builds, as a browser's signalling code would.
 */
final class EventsChannel implements WebSocket.Listener {
    /** Builds the SDP answer to a server offer; may throw, which is recorded as a problem. */
    interface Answerer {
        String answer(String offerSdp) throws Exception;
    }

    /** A server offer and whether this peer has sent its answer. */
    record ServerOffer(int revision, String sdp) {
    }

    private final Answerer answerer;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<ServerOffer> answered = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;

    EventsChannel(Answerer answerer) {
        this.answerer = answerer;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            handle(text);
        }
        webSocket.request(1);
        return null;
    }

    private void handle(String text) {
        JsonNode message;
        try {
            message = ApiClient.JSON.readTree(text);
        } catch (Exception e) {
            problems.add("not JSON: " + text);
            return;
        }
        received.add(message);
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
                send(answer.toString()).thenRun(() -> answered.add(new ServerOffer(revision, sdp)));
            } catch (Exception e) {
                problems.add("could not answer offer " + revision + ": " + e);
            }
        }
    }

    /** WebSocket allows one outstanding send at a time, so sends are chained. */
    synchronized CompletableFuture<?> send(String text) {
        WebSocket ws = socket;
        sending = sending.thenCompose(v -> ws.sendText(text, true)).whenComplete((v, e) -> {
            if (e != null) {
                problems.add("send failed: " + e);
            }
        });
        return sending;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        problems.add("websocket error: " + error);
        closed.complete("error " + error);
    }

    List<JsonNode> received() {
        return List.copyOf(received);
    }

    List<ServerOffer> answered() {
        return List.copyOf(answered);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    boolean isClosedByServer() {
        return closed.isDone();
    }

    void close() {
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Aborted below either way.
            }
        }
        if (ws != null) {
            ws.abort();
        }
    }
}
