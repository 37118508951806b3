package io.meridian.server.api;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.client.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static io.meridian.server.api.ErrorReplies.assertApiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Joins whose body cannot be used are a 4xx whose snake_case code names the problem; none logs a stack trace or
 * leaves anything allocated (issue 13: an empty body and multipart forms were {@code 500 internal_error}).
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class JoinRefusalTest {
    private static final String CONFERENCE = "join-refusals";
    private static final String PATH = "/v1/conferences/" + CONFERENCE + "/participants";
    private static SecuredNode node;
    private static String token;
    private static ApiClient gina;
    private static RawHttp raw;

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start();
        token = SecuredNode.token("gina", CONFERENCE, false);
        gina = node.as(token);
        raw = new RawHttp(node.server.httpPort());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @AfterEach
    void nothingWasAllocated() {
        assertEquals(List.of(), node.server.conferences().conferences(), "a refused join left a conference");
    }

    @Test
    void anEmptyBodyIsInvalidJson() {
        try (CapturedLogs logs = CapturedLogs.attach()) {
            assertApiError(gina.post(PATH, "application/json", ""), 400, "invalid_json");
            assertApiError(gina.post(PATH, "application/json", " \r\n"), 400, "invalid_json");
            // No Content-Length and no Transfer-Encoding: a request without any body.
            assertApiError(raw.exchange("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n\r\n"), 400,
                    "invalid_json");
            assertEquals(List.of(), logs.alarms());
        }
    }

    @Test
    void formBodiesAreUnsupportedMediaTypes() {
        String boundary = "meridian-boundary";
        String multipart = "multipart/form-data; boundary=" + boundary;
        Map<String, String> parts = Map.of(
                "an sdp field", "Content-Disposition: form-data; name=\"sdp\"\r\n\r\nv=0",
                "an sdp file", "Content-Disposition: form-data; name=\"sdp\"; filename=\"offer.sdp\"\r\n"
                        + "Content-Type: application/sdp\r\n\r\nv=0",
                // Both made Netty's form decoder throw inside Vert.x's body handler.
                "a part without a name", "X-Part: 1\r\n\r\nv=0",
                "a part in an unknown charset", "Content-Disposition: form-data; name=\"sdp\"\r\n"
                        + "Content-Type: text/plain; charset=no-such-charset\r\n\r\nv=0");
        try (CapturedLogs logs = CapturedLogs.attach()) {
            parts.forEach((what, part) -> {
                ApiClient.Reply reply = gina.post(PATH, multipart,
                        "--" + boundary + "\r\n" + part + "\r\n--" + boundary + "--\r\n");
                assertApiError(reply, 415, "unsupported_media_type");
                assertTrue(reply.errorMessage().contains("application/json")
                        && reply.errorMessage().contains("multipart/form-data"), what + ": " + reply.body());
            });
            assertApiError(gina.post(PATH, "application/x-www-form-urlencoded", "sdp=%zz"), 415,
                    "unsupported_media_type");
            assertApiError(gina.post(PATH, "application/sdp", "v=0"), 415, "unsupported_media_type");
            assertEquals(List.of(), logs.alarms());
        }
    }

    @Test
    void eachFieldRefusalNamesTheField() {
        Map<String, String> refusals = Map.ofEntries(
                Map.entry("{}", "missing_sdp"),
                Map.entry("{\"sdp\": null}", "missing_sdp"),
                Map.entry("{\"sdp\": 42}", "invalid_sdp"),
                Map.entry("{\"sdp\": \"  \"}", "invalid_sdp"),
                Map.entry("{\"sdp\": \"v=0\", \"region\": 7}", "invalid_region"),
                Map.entry("{\"sdp\": \"v=0\", \"region\": \"eu west\"}", "invalid_id"),
                Map.entry("{\"sdp\": \"v=0\", \"displayName\": 7}", "invalid_display_name"),
                Map.entry("{\"sdp\": \"v=0\", \"displayName\": \"" + "n".repeat(129) + "\"}", "invalid_display_name"),
                Map.entry("[]", "invalid_json"),
                Map.entry("null", "invalid_json"),
                Map.entry("{\"sdp\": ", "invalid_json"));
        try (CapturedLogs logs = CapturedLogs.attach()) {
            refusals.forEach((body, code) -> assertApiError(gina.post(PATH, "application/json", body), 400, code));
            assertEquals(List.of(), logs.alarms());
        }
    }

    @Test
    void anExpectationOtherThanContinueIsRefused() {
        try (CapturedLogs logs = CapturedLogs.attach()) {
            assertApiError(raw.exchange("POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                    + "Expect: a-miracle\r\nContent-Length: 2\r\n\r\n{}"), 417, "expectation_failed");
            assertEquals(List.of(), logs.alarms());
        }
    }
}
