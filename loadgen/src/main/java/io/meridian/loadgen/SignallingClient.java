package io.meridian.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** The node's HTTP API (shared/API.md) as the participants and the runner use it: join, leave, metrics. */
final class SignallingClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /**
     * The HTTP client's callbacks run on two fixed threads. The default executor grows a new thread for every
     * concurrent task (a storm's fifty joins), and each new thread also built its own JSON buffers.
     */
    private static final Executor CALLBACKS = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-http");
        t.setDaemon(true);
        return t;
    });

    private final URI base;
    private final HttpClient http;

    SignallingClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().executor(CALLBACKS).connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A status and body; {@code json} is null when the body is not JSON. */
    record Reply(int status, String body, JsonNode json) {
    }

    Reply join(String conferenceId, String sdp) throws IOException {
        String body = JSON.createObjectNode().put("sdp", sdp).toString();
        return send(request("/v1/conferences/" + conferenceId + "/participants")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Reply delete(String path) throws IOException {
        return send(request(path).DELETE().build());
    }

    Reply get(String path) throws IOException {
        return send(request(path).GET().build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    }

    private Reply send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), parse(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank() || !(body.startsWith("{") || body.startsWith("["))) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
