package io.meridian.server.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The HTTP side of API.md, as a client outside the project sees it. */
public final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final URI base;
    private final HttpClient http;
    /** Sent as {@code Authorization: Bearer} on every request and WebSocket handshake; null sends none. */
    private final String token;

    /** @param base e.g. {@code http://127.0.0.1:port} */
    public ApiClient(URI base) {
        this(base, HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build(), null);
    }

    private ApiClient(URI base, HttpClient http, String token) {
        this.base = base;
        this.http = http;
        this.token = token;
    }

    /** The same node, presenting {@code bearerToken} (null for none). */
    public ApiClient withToken(String bearerToken) {
        return new ApiClient(base, http, bearerToken);
    }

    public URI base() {
        return base;
    }

    public static ApiClient onLoopback(int httpPort) {
        return new ApiClient(URI.create("http://127.0.0.1:" + httpPort));
    }

    /** A status and body; {@code json} is null when the body is not JSON. */
    public record Reply(int status, String body, JsonNode json) {
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

    public Reply get(String path) {
        return send(request(path).GET().build());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE().build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    public CompletableFuture<WebSocket> openWebSocket(URI uri, WebSocket.Listener listener) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.buildAsync(uri, listener);
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), parse(response.body()));
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
