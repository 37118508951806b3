package io.meridian.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The HTTP side of API.md, as a client outside the project sees it: join, leave, any request, and a JDK WebSocket
 * for tests that watch a socket themselves (a peer's events socket is an {@link EventsSocket}). A request that
 * cannot be sent or answered throws {@link UncheckedIOException}; any HTTP status is a {@link Reply}.
 */
public final class ApiClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    /** Sent as {@code Authorization: Bearer} on every request and WebSocket handshake; null sends none. */
    private final String token;

    /** @param base e.g. {@code http://127.0.0.1:port} */
    public ApiClient(URI base) {
        this(base, HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build(),
                TIMEOUT, null);
    }

    /**
     * A client whose HTTP callbacks run on {@code callbacks}, for many concurrent requests: the JDK's default
     * executor grows a new thread for every concurrent task (a join storm's fifty joins).
     */
    public ApiClient(URI base, Duration timeout, Executor callbacks) {
        this(base, HttpClient.newBuilder().executor(callbacks).connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1).build(), timeout, null);
    }

    private ApiClient(URI base, HttpClient http, Duration timeout, String token) {
        this.base = base;
        this.http = http;
        this.timeout = timeout;
        this.token = token;
    }

    /** The same node, presenting {@code bearerToken} (null for none). */
    public ApiClient withToken(String bearerToken) {
        return new ApiClient(base, http, timeout, bearerToken);
    }

    public URI base() {
        return base;
    }

    /** The bearer token this client presents, or null. */
    public String token() {
        return token;
    }

    public static ApiClient onLoopback(int httpPort) {
        return new ApiClient(URI.create("http://127.0.0.1:" + httpPort));
    }

    /** A status, headers and body; {@code json} is null when the body is not JSON. */
    public record Reply(int status, String body, JsonNode json, java.util.Map<String, List<String>> headers) {
        public Reply(int status, String body, JsonNode json) {
            this(status, body, json, java.util.Map.of());
        }

        /** Every value of header {@code name} (any case), in order. */
        public List<String> headers(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        /** The first value of header {@code name}, or null. */
        public String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : values.get(0);
        }

        /** The {@code error.code} of an API.md error body, or null. */
        public String errorCode() {
            return json == null ? null : json.path("error").path("code").asText(null);
        }

        public String errorMessage() {
            return json == null ? null : json.path("error").path("message").asText(null);
        }
    }

    /** The join body of API.md with only {@code sdp} set. */
    public static String joinBody(String sdp) {
        ObjectNode body = JSON.createObjectNode();
        body.put("sdp", sdp);
        return body.toString();
    }

    public Reply join(String conferenceId, String sdp) {
        return post("/v1/conferences/" + conferenceId + "/participants", "application/json", joinBody(sdp));
    }

    public Reply post(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** WHIP (RFC 9725 §4.2): the offer as {@code application/sdp} to {@code /v1/whip/{conferenceId}}. */
    public Reply whip(String conferenceId, String offer) {
        return post("/v1/whip/" + conferenceId, "application/sdp", offer);
    }

    public Reply patch(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A PATCH with {@code If-Match: ifMatch} (WHIP's trickle and ICE restarts, RFC 9725 §4.3). */
    public Reply patch(String path, String contentType, String body, String ifMatch) {
        return send(request(path).header("Content-Type", contentType).header("If-Match", ifMatch)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Reply get(String path) {
        return send(request(path).GET().build());
    }

    /** A CORS preflight as a browser sends it before a cross-origin POST. */
    public Reply options(String path) {
        return send(request(path).header("Origin", "https://example.org")
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE().build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    public CompletableFuture<WebSocket> openWebSocket(URI uri, WebSocket.Listener listener) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(timeout);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.buildAsync(uri, listener);
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), parse(response.body()),
                    response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted during " + request.method() + " "
                    + request.uri(), e));
        }
    }

    /** The body as JSON; null when it is empty or not JSON (a text body such as /metrics is not even parsed). */
    private static JsonNode parse(String body) {
        String start = body == null ? "" : body.stripLeading();
        if (!(start.startsWith("{") || start.startsWith("["))) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
