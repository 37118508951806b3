package io.meridian.loadgen;

import io.meridian.client.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Janus's HTTP API (its "REST" transport) as a browser's janus.js uses it: POST {@code /janus} creates a session,
 * POST {@code /janus/SESSION} attaches a plugin handle, POST {@code /janus/SESSION/HANDLE} sends a plugin message
 * (acknowledged at once; its outcome comes later as an event with the same transaction), and a long poll, GET
 * {@code /janus/SESSION?maxev=N}, brings events (or a keepalive after 30 s, which also keeps the session alive).
 * The long poll is chained asynchronously on the HTTP client's threads: no thread per session.
 */
final class JanusApi {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Janus answers a long poll with a keepalive after 30 s without events. */
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(45);
    private static final AtomicLong TRANSACTIONS = new AtomicLong();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).build();

    JanusApi(URI base) {
        this.base = base;
    }

    /** A new Janus session with its long poll running; {@code onError} hears of a poll that failed for good. */
    Session createSession(Consumer<String> onError) throws IOException {
        JsonNode reply = post(base, request("create"));
        return new Session(reply.path("data").path("id").asLong(), onError);
    }

    static ObjectNode request(String janus) {
        return ApiClient.JSON.createObjectNode().put("janus", janus)
                .put("transaction", "t" + TRANSACTIONS.incrementAndGet());
    }

    /** The plugin's reply ({@code plugindata.data}) of an event, or an IOException with the plugin's error. */
    static JsonNode pluginData(JsonNode event) throws IOException {
        JsonNode data = event.path("plugindata").path("data");
        if (data.has("error_code") || data.has("error")) {
            throw new IOException("videoroom error " + data.path("error_code").asInt() + ": "
                    + data.path("error").asText());
        }
        return data;
    }

    private JsonNode post(URI uri, ObjectNode body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode reply = ApiClient.JSON.readTree(response.body());
            if (response.statusCode() != 200 || "error".equals(reply.path("janus").asText())) {
                throw new IOException("janus refused " + body.path("janus").asText() + ": " + response.statusCode()
                        + " " + reply.path("error"));
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during POST " + uri, e);
        }
    }

    /** One Janus session: its handles' requests, the events routed to them, and its long poll. */
    final class Session implements AutoCloseable {
        private final long id;
        private final URI uri;
        private final Consumer<String> onError;
        private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final Map<Long, Consumer<JsonNode>> listeners = new ConcurrentHashMap<>();
        private volatile boolean closed;
        private int pollFailures;

        private Session(long id, Consumer<String> onError) {
            this.id = id;
            this.uri = URI.create(base + "/" + id);
            this.onError = onError;
            poll();
        }

        /** Attaches the VideoRoom plugin; events that answer no request of the handle go to {@code listener}. */
        long attach(Consumer<JsonNode> listener) throws IOException {
            ObjectNode attach = request("attach").put("plugin", "janus.plugin.videoroom");
            long handle = post(uri, attach).path("data").path("id").asLong();
            listeners.put(handle, listener);
            return handle;
        }

        /**
         * Sends a plugin message (with a JSEP offer or answer when {@code jsep} is not null) and waits, at most
         * {@link #REQUEST_TIMEOUT}, for its outcome: the synchronous reply of a synchronous request (e.g. create),
         * else the event carrying the same transaction.
         */
        JsonNode message(long handle, ObjectNode body, String jsepType, String sdp) throws IOException {
            ObjectNode message = request("message");
            message.set("body", body);
            if (jsepType != null) {
                message.putObject("jsep").put("type", jsepType).put("sdp", sdp);
            }
            String transaction = message.path("transaction").asText();
            CompletableFuture<JsonNode> outcome = new CompletableFuture<>();
            pending.put(transaction, outcome);
            try {
                JsonNode reply = post(URI.create(uri + "/" + handle), message);
                if (!"ack".equals(reply.path("janus").asText())) {
                    return reply;
                }
                return outcome.get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + body.path("request").asText(), e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("no answer to " + body.path("request").asText() + " within "
                        + REQUEST_TIMEOUT.toSeconds() + " s", e);
            } finally {
                pending.remove(transaction);
            }
        }

        /**
         * Trickles this side's one host candidate to the handle and says gathering is complete, as a browser does
         * after an offer sent without candidates (Janus waits for either before it calls ICE done).
         */
        void trickle(long handle, java.net.InetSocketAddress local) throws IOException {
            ObjectNode trickle = request("trickle");
            ArrayNode candidates = trickle.putArray("candidates");
            candidates.addObject().put("candidate", "candidate:1 1 udp 2130706431 "
                    + local.getAddress().getHostAddress() + " " + local.getPort() + " typ host")
                    .put("sdpMid", "0").put("sdpMLineIndex", 0);
            candidates.addObject().put("completed", true);
            post(URI.create(uri + "/" + handle), trickle);
        }

        private void poll() {
            if (closed) {
                return;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(uri + "?maxev=16")).timeout(POLL_TIMEOUT)
                    .GET().build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                if (closed) {
                    return;
                }
                if (failure != null || response.statusCode() != 200) {
                    // A few failures in a row mean Janus or the session is gone; the participant hears of it.
                    if (++pollFailures >= 3) {
                        onError.accept("janus session " + id + " long poll failed: "
                                + (failure != null ? failure : "HTTP " + response.statusCode()));
                        return;
                    }
                } else {
                    pollFailures = 0;
                    dispatch(response.body());
                }
                poll();
            });
        }

        private void dispatch(String body) {
            JsonNode events;
            try {
                events = ApiClient.JSON.readTree(body);
            } catch (IOException e) {
                onError.accept("janus sent an event that is not JSON: " + body);
                return;
            }
            for (JsonNode event : events.isArray() ? events : java.util.List.of(events)) {
                CompletableFuture<JsonNode> waiting = pending.get(event.path("transaction").asText(""));
                if (waiting != null && "event".equals(event.path("janus").asText())) {
                    waiting.complete(event);
                    continue;
                }
                Consumer<JsonNode> listener = listeners.get(event.path("sender").asLong());
                if (listener != null) {
                    listener.accept(event);
                }
            }
        }

        /** Destroys the session (Janus detaches its handles: publishers leave, PeerConnections hang up). */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                post(uri, request("destroy"));
            } catch (IOException e) {
                // Janus may be gone already; its session timeout would end the session anyway.
            }
        }
    }
}
