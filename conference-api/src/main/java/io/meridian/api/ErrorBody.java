package io.meridian.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes API.md's error body, {@code {"error":{"code","message"}}}, with the error's status. Public because the
 * node's HTTP server answers requests that never reach the router (undecodable ones) with the same body.
 */
public final class ErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBody() {
    }

    /** Sends {@code error} unless a response was already sent (e.g. a failure after a relayed answer). */
    public static void send(HttpServerResponse response, ApiException error) {
        if (response.ended()) {
            return;
        }
        String body = "{\"error\":{\"code\":" + quote(error.code()) + ",\"message\":" + quote(error.getMessage()) + "}}";
        response.setStatusCode(error.status()).putHeader("Content-Type", "application/json").end(body);
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
