package io.meridian.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A participant's events WebSocket (API.md, "Renegotiation"): answers every server offer as a browser's signalling
 * code would and records problems (server errors, failures to answer).
 */
final class EventsSocket implements WebSocket.Listener {
    /** Builds the SDP answer to a server offer. */
    interface Answerer {
        String answer(String offerSdp) throws Exception;
    }

    private final Answerer answerer;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;

    EventsSocket(Answerer answerer) {
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
                send(answer.toString());
            } catch (Exception e) {
                problems.add("could not answer offer " + revision + ": " + e);
            }
        }
    }

    /** WebSocket allows one outstanding send at a time, so sends are chained. */
    private synchronized CompletableFuture<?> send(String text) {
        WebSocket ws = socket;
        sending = sending.thenCompose(v -> ws.sendText(text, true)).whenComplete((v, e) -> {
            if (e != null) {
                problems.add("send failed: " + e);
            }
        });
        return sending;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        // The JDK reports a protocol violation as a bare ProtocolException whose cause names the frame at fault.
        StringBuilder chain = new StringBuilder("websocket error: ").append(error);
        for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
            chain.append(" <- ").append(cause);
        }
        problems.add(chain.toString());
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    void close() {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        if (!ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Aborted below either way.
            }
        }
        ws.abort();
    }
}
