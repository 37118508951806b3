package io.meridian.server.api;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.client.ApiClient;
import io.meridian.client.ApiClient.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.meridian.server.api.ErrorReplies.assertApiError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests that are not well-formed URIs or HTTP get API.md's JSON error, never a bare status, and log no stack
 * trace (issue 13: a malformed percent-escape was a plain-text 400 plus an ERROR stack trace per request, a log
 * flood; a 10,000-character id was a 414 with an empty body).
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class MalformedRequestTest {
    private static SecuredNode node;
    private static String token;
    private static RawHttp raw;

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start();
        token = SecuredNode.token("ops", "*", true);
        raw = new RawHttp(node.server.httpPort());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aMalformedPercentEscapeIsAnInvalidUriAndLogsNothing() {
        List<String> targets = List.of(
                "/v1/conferences/%zz/participants",
                "/v1/conferences/c/participants/p%2/events",
                "/v1/conferences/%",
                "/v1/conferences/c/participants?filter=%zz",
                "/metrics?name[]=%g0",
                "/healthz%zz");
        try (CapturedLogs logs = CapturedLogs.attach()) {
            for (String target : targets) {
                assertApiError(raw.get(target), 400, "invalid_uri");
            }
            assertApiError(raw.exchange("POST /v1/conferences/%zz/participants HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\n\r\n{}"), 400, "invalid_uri");
            assertEquals(List.of(), logs.alarms());
        }
    }

    @Test
    void wellFormedEscapesStillReachTheRoutes() {
        ApiClient ops = node.as(token);
        // %41 is 'A': the id is decoded, valid, and simply unknown.
        assertApiError(ops.get("/v1/conferences/%41bc"), 404, "conference_not_found");
        assertApiError(ops.get("/v1/conferences/a%2Eb"), 400, "invalid_id");
    }

    @Test
    void aRequestLineOverTheLimitIsUriTooLong() {
        try (CapturedLogs logs = CapturedLogs.attach()) {
            Reply reply = node.as(token).get("/v1/conferences/" + "x".repeat(10_000) + "/participants");
            assertApiError(reply, 414, "uri_too_long");
            assertTrue(reply.errorMessage().contains("64 characters"), reply.body());
            assertEquals(List.of(), logs.alarms());
        }
        assertEquals(200, node.anonymous.get("/healthz").status(), "the node serves on");
    }

    @Test
    void headersOverTheLimitAreTooLarge() {
        assertApiError(raw.exchange("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "X-Padding: " + "p".repeat(10_000) + "\r\n\r\n"), 431, "headers_too_large");
    }

    @Test
    void bytesThatAreNotHttpAreAMalformedRequest() {
        assertApiError(raw.exchange("HELLO THERE\r\n\r\n"), 400, "malformed_request");
    }

    @Test
    void aBodyThatBreaksOffLogsNoStackTrace() {
        String head = "Host: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\n";
        try (CapturedLogs logs = CapturedLogs.attach().withDebugOf("io.meridian.api.ApiFailures")) {
            // Vert.x closes the connection as soon as a chunk cannot be decoded, before any reply goes out.
            raw.exchange("POST /v1/conferences/bad-chunk/participants HTTP/1.1\r\n" + head
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
            raw.abandon("POST /v1/conferences/hang-up/participants HTTP/1.1\r\n" + head
                    + "Content-Length: 1000\r\n\r\n{\"sdp\": \"v=0");
            logs.await("/v1/conferences/bad-chunk/participants");
            logs.await("/v1/conferences/hang-up/participants");
            assertEquals(List.of(), logs.alarms());
        }
    }
}
