package io.meridian.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.client.ApiClient.Reply;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API.md's error shape, checked strictly: the status, {@code {"error":{"code","message"}}} and nothing else. */
final class ErrorReplies {
    /** The spelling of every error code (API.md: "snake_case_reason"). */
    static final Pattern SNAKE_CASE = Pattern.compile("[a-z0-9_]+");

    private ErrorReplies() {
    }

    static void assertApiError(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.body());
        assertNotNull(reply.json(), "the error body is not JSON: '" + reply.body() + "'");
        assertEquals(Set.of("error"), fields(reply.json()), reply.body());
        assertEquals(Set.of("code", "message"), fields(reply.json().path("error")), reply.body());
        assertTrue(SNAKE_CASE.matcher(reply.errorCode()).matches(), "not snake_case: " + reply.body());
        assertEquals(code, reply.errorCode(), reply.body());
        assertTrue(reply.json().path("error").path("message").isTextual(), reply.body());
        assertFalse(reply.errorMessage().isBlank(), reply.body());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
