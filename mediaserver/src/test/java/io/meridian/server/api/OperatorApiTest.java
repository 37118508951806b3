package io.meridian.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.client.ApiClient;
import io.meridian.client.ApiClient.Reply;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.ReceivedMedia;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The operator API of a node that requires tokens, over real HTTP: every route's success case and its error cases
 * (authorisation boundaries are in {@link AuthBoundaryTest}). Each test uses its own conference ids.
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class OperatorApiTest {
    private static SecuredNode node;
    private static ApiClient ops;

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start();
        ops = node.operator();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static String participantPath(String conference, String participant) {
        return "/v1/conferences/" + conference + "/participants/" + participant;
    }

    @Test
    void participantViewsCarryTheTransportStateOnceMediaFlows() {
        TestPeer alice = node.join("op-media", "alice");
        TestPeer bob = node.join("op-media", "bob");
        alice.awaitAnsweredOfferWith(bob);
        bob.awaitAnsweredOfferWith(alice);
        alice.sendUntilReceived(bob, alice.identity().audioSsrc(), 1, PeerSdp.OPUS_PT, "alice to bob");
        bob.sendUntilReceived(alice, bob.identity().audioSsrc(), 1, PeerSdp.OPUS_PT, "bob to alice");

        for (TestPeer peer : List.of(alice, bob)) {
            String path = participantPath("op-media", peer.participantId());
            Poll.until("the node counts media in and out for " + peer.participantId(), () -> {
                JsonNode t = ops.get(path).json().path("transport");
                return t.path("packetsIn").asLong() > 0 && t.path("packetsOut").asLong() > 0 ? null : t.toString();
            });
            Reply reply = ops.get(path);
            assertEquals(200, reply.status(), reply.body());
            JsonNode p = reply.json();
            assertEquals(peer.participantId(), p.path("participantId").asText());
            assertEquals(peer == alice ? "alice" : "bob", p.path("identity").asText(), "identity is the token's sub");
            assertTrue(p.path("joinedAt").isTextual(), reply.body());
            JsonNode t = p.path("transport");
            assertEquals("connected", t.path("iceState").asText(), reply.body());
            assertEquals("connected", t.path("dtlsState").asText(), reply.body());
            assertEquals(peer.srtpProfile().name(), t.path("srtpProfile").asText(), reply.body());
            assertEquals(peer.mediaAddress().getAddress().getHostAddress() + ":" + peer.mediaAddress().getPort(),
                    t.path("remoteAddress").asText(), reply.body());
            assertTrue(t.path("bytesIn").asLong() > t.path("packetsIn").asLong(), reply.body());
            assertTrue(t.path("bytesOut").asLong() > t.path("packetsOut").asLong(), reply.body());
            for (String measured : List.of("fractionLost", "jitterMillis", "roundTripMillis")) {
                assertTrue(t.has(measured), measured + " is present (null until a receiver report): " + reply.body());
            }
        }

        Reply list = ops.get("/v1/conferences/op-media/participants");
        assertEquals(200, list.status(), list.body());
        List<String> ids = new ArrayList<>();
        list.json().path("participants").forEach(p -> ids.add(p.path("participantId").asText()));
        assertEquals(List.of(alice.participantId(), bob.participantId()).stream().sorted().toList(),
                ids.stream().sorted().toList());
        list.json().path("participants").forEach(p -> assertEquals("connected",
                p.path("transport").path("dtlsState").asText(), list.body()));

        Reply conference = ops.get("/v1/conferences/op-media");
        assertEquals(200, conference.status(), conference.body());
        assertEquals("op-media", conference.json().path("conferenceId").asText());
        assertEquals("default", conference.json().path("region").asText());
        assertFalse(conference.json().path("node").asText().isEmpty(), conference.body());
        assertTrue(conference.json().path("createdAt").isTextual(), conference.body());
        assertEquals(2, conference.json().path("participants").size(), conference.body());
        assertTrue(conference.json().path("participants").get(0).has("transport"), conference.body());

        Reply all = ops.get("/v1/conferences");
        assertEquals(200, all.status(), all.body());
        boolean listed = false;
        for (JsonNode c : all.json().path("conferences")) {
            listed |= c.path("conferenceId").asText().equals("op-media") && c.path("participants").size() == 2;
        }
        assertTrue(listed, all.body());
    }

    @Test
    void lossJitterAndRoundTripComeFromTheParticipantsReceiverReports() {
        TestPeer alice = node.join("op-rtcp", "alice");
        TestPeer bob = node.join("op-rtcp", "bob");
        bob.awaitAnsweredOfferWith(alice);
        long ssrc = alice.identity().audioSsrc();
        alice.sendUntilReceived(bob, ssrc, 1, PeerSdp.OPUS_PT, "alice audio");
        String bobPath = participantPath("op-rtcp", bob.participantId());
        JsonNode before = ops.get(bobPath).json().path("transport");
        for (String measured : List.of("fractionLost", "jitterMillis", "roundTripMillis")) {
            assertTrue(before.path(measured).isNull(), "nothing measured before a receiver report: " + before);
        }

        // Alice's sender report reaches bob re-stamped with the node's NTP clock; bob's receiver report echoes it.
        Poll.until("bob receives alice's sender report through the node", () -> {
            alice.sendRaw(alice.protectRtcp(senderReport(ssrc)));
            return senderReportNtpMiddle(bob, ssrc) != null ? null : "RTCP so far: " + bob.received().rtcp().size();
        });
        long lsr = senderReportNtpMiddle(bob, ssrc);
        bob.sendRaw(bob.protectRtcp(receiverReport(bob.identity().audioSsrc(), ssrc, 64, 480, lsr)));

        Poll.until("the node reads bob's receiver report", () -> {
            JsonNode t = ops.get(bobPath).json().path("transport");
            return t.path("roundTripMillis").isNumber() ? null : t.toString();
        });
        JsonNode t = ops.get(bobPath).json().path("transport");
        assertEquals(0.25, t.path("fractionLost").asDouble(), 1e-9, t.toString());
        assertEquals(10.0, t.path("jitterMillis").asDouble(), 1e-9, "480 units at 48 kHz: " + t);
        assertTrue(t.path("roundTripMillis").asDouble() >= 0, t.toString());
    }

    /** A minimal RTCP sender report (RFC 3550 §6.4.1) from {@code ssrc}; the node replaces its NTP time. */
    private static byte[] senderReport(long ssrc) {
        byte[] b = new byte[28];
        b[0] = (byte) 0x80;
        b[1] = (byte) 200;
        Bytes.put16(b, 2, 6);
        Bytes.put32(b, 4, (int) ssrc);
        Bytes.put32(b, 8, 0x12345678);
        Bytes.put32(b, 16, 960);
        Bytes.put32(b, 20, 1);
        Bytes.put32(b, 24, 100);
        return b;
    }

    /** The middle 32 bits of the NTP time of the last sender report about {@code ssrc} that {@code peer} got. */
    private static Long senderReportNtpMiddle(TestPeer peer, long ssrc) {
        Long lsr = null;
        for (ReceivedMedia.Rtcp rtcp : peer.received().rtcp()) {
            byte[] b = rtcp.bytes();
            if (rtcp.firstPacketType() == 200 && b.length >= 28
                    && (Bytes.i32(b, 4) & 0xFFFFFFFFL) == ssrc) {
                lsr = Bytes.u32(b, 10);
            }
        }
        return lsr;
    }

    /** An RTCP receiver report from {@code reporter} with one block about {@code source}; DLSR is zero. */
    private static byte[] receiverReport(long reporter, long source, int fractionLost, long jitter, long lsr) {
        byte[] b = new byte[32];
        b[0] = (byte) 0x81;
        b[1] = (byte) 201;
        Bytes.put16(b, 2, 7);
        Bytes.put32(b, 4, (int) reporter);
        Bytes.put32(b, 8, (int) source);
        b[12] = (byte) fractionLost;
        Bytes.put32(b, 16, 1000);
        Bytes.put32(b, 20, (int) jitter);
        Bytes.put32(b, 24, (int) lsr);
        return b;
    }

    @Test
    void anOperatorRemovesAParticipantAndEndsAConference() {
        TestPeer carol = node.join("op-end", "carol");
        TestPeer dave = node.join("op-end", "dave");
        carol.awaitAnsweredOfferWith(dave);

        assertEquals(204, ops.delete(participantPath("op-end", carol.participantId())).status());
        dave.awaitMessage("participant-left", carol.participantId());
        assertError(ops.get(participantPath("op-end", carol.participantId())), 404, "participant_not_found");
        assertError(ops.delete(participantPath("op-end", carol.participantId())), 404, "participant_not_found");
        assertEquals(1, ops.get("/v1/conferences/op-end/participants").json().path("participants").size());

        assertEquals(204, ops.delete("/v1/conferences/op-end").status());
        Poll.until("dave's events socket is closed by the node", () -> dave.eventsClosedByServer() ? null : "open");
        assertError(ops.get("/v1/conferences/op-end"), 404, "conference_not_found");
        assertError(ops.delete("/v1/conferences/op-end"), 404, "conference_not_found");
    }

    @Test
    void anOperatorSetsTheConferencesLastN() {
        TestPeer fay = node.join("op-last-n", "fay");
        assertEquals(-1, ops.get("/v1/conferences/op-last-n").json().path("lastN").asInt(), "everyone by default");
        ApiClient.Reply set = ops.patch("/v1/conferences/op-last-n", "application/json", "{\"lastN\": 2}");
        assertEquals(200, set.status(), set.body());
        assertEquals(2, set.json().path("lastN").asInt());
        assertEquals(2, ops.get("/v1/conferences/op-last-n").json().path("lastN").asInt());
        assertTrue(ops.get("/v1/conferences/op-last-n").json().path("dominantSpeaker").isNull(), "nobody spoke");
        for (String bad : new String[] {"{\"lastN\": -2}", "{\"lastN\": 1.5}", "{\"lastN\": \"two\"}", "{}"}) {
            assertError(ops.patch("/v1/conferences/op-last-n", "application/json", bad), 400, "invalid_last_n");
        }
        assertError(ops.patch("/v1/conferences/op-last-n", "application/json", "[1"), 400, "invalid_json");
        assertError(ops.patch("/v1/conferences/op-last-n", "text/plain", "{\"lastN\": 1}"), 415,
                "unsupported_media_type");
        assertError(ops.patch("/v1/conferences/op-nowhere", "application/json", "{\"lastN\": 1}"), 404,
                "conference_not_found");
        ApiClient participant = node.as(SecuredNode.token("fay", "op-last-n", false));
        assertError(participant.patch("/v1/conferences/op-last-n", "application/json", "{\"lastN\": 1}"), 403,
                "operator_required");
        fay.leave();
    }

    @Test
    void unknownAndMalformedIdsAreRefusedOnEveryRoute() {
        TestPeer erin = node.join("op-ids", "erin");
        String known = participantPath("op-ids", erin.participantId());

        assertError(ops.get("/v1/conferences/no-such-conference"), 404, "conference_not_found");
        assertError(ops.delete("/v1/conferences/no-such-conference"), 404, "conference_not_found");
        assertError(ops.get("/v1/conferences/no-such-conference/participants"), 404, "conference_not_found");
        assertError(ops.get(participantPath("no-such-conference", "p-1")), 404, "conference_not_found");
        assertError(ops.delete(participantPath("no-such-conference", "p-1")), 404, "conference_not_found");
        assertError(ops.get(participantPath("op-ids", "p-unknown")), 404, "participant_not_found");
        assertError(ops.delete(participantPath("op-ids", "p-unknown")), 404, "participant_not_found");

        String bad = "bad.id";
        String tooLong = "x".repeat(65);
        for (String id : List.of(bad, tooLong)) {
            assertError(ops.get("/v1/conferences/" + id), 400, "invalid_id");
            assertError(ops.delete("/v1/conferences/" + id), 400, "invalid_id");
            assertError(ops.get("/v1/conferences/" + id + "/participants"), 400, "invalid_id");
            assertError(ops.get(participantPath(id, "p-1")), 400, "invalid_id");
            assertError(ops.get(participantPath("op-ids", id)), 400, "invalid_id");
            assertError(ops.delete(participantPath("op-ids", id)), 400, "invalid_id");
            assertError(ops.post("/v1/conferences/" + id + "/participants", "application/json",
                    ApiClient.joinBody("v=0")), 400, "invalid_id");
        }
        assertEquals(200, ops.get(known).status(), "erin is untouched by the refusals");
    }

    @Test
    void theEventsSocketRefusesUnknownParticipantsAndASecondSocket() {
        TestPeer frank = node.join("op-events", "frank");
        ApiClient asFrank = node.as(SecuredNode.token("frank", "op-events", false));
        assertEquals(409, handshakeStatus(asFrank, "op-events", frank.participantId()),
                "frank's socket is already open");
        assertEquals(404, handshakeStatus(asFrank, "op-events", "p-unknown"));
        assertEquals(404, handshakeStatus(node.as(SecuredNode.token("frank", "*", false)), "op-missing", "p-1"));
        assertEquals(400, handshakeStatus(asFrank, "op-events", "bad.id"));
    }

    @Test
    void joinRefusalsNameTheProblem() {
        ApiClient asGina = node.as(SecuredNode.token("gina", "op-join", false));
        assertError(asGina.post("/v1/conferences/op-join/participants", "text/plain", "v=0"), 415,
                "unsupported_media_type");
        assertError(asGina.post("/v1/conferences/op-join/participants", "application/json", "{"), 400,
                "invalid_json");
        assertError(asGina.post("/v1/conferences/op-join/participants", "application/json", "{}"), 400,
                "missing_sdp");
        assertError(ops.get("/v1/conferences/op-join"), 404, "conference_not_found");
    }

    @Test
    void theOpenApiDocumentIsPublic() {
        Reply reply = node.anonymous.get("/v1/openapi.json");
        assertEquals(200, reply.status(), reply.body());
        assertNotNull(reply.json(), reply.body());
        assertTrue(reply.json().path("openapi").asText().startsWith("3."), reply.body());
    }

    @Test
    void probesNeedNoToken() {
        assertEquals(200, node.anonymous.get("/healthz").status());
        assertEquals(200, node.anonymous.get("/readyz").status());
    }

    @Test
    void unknownRoutesAndMethodsAreJsonErrors() {
        assertError(ops.get("/v1/nothing-here"), 404, "not_found");
        assertError(ops.get("/v1/conferences/c/participants/p/unknown"), 404, "not_found");
    }

    /** The HTTP status that refused a WebSocket handshake on a participant's events URL. */
    static int handshakeStatus(ApiClient client, String conference, String participant) {
        URI uri = URI.create(client.base().toString().replace("http://", "ws://")
                + participantPath(conference, participant) + "/events");
        return handshakeStatus(client, uri);
    }

    static int handshakeStatus(ApiClient client, URI uri) {
        try {
            WebSocket ws = client.openWebSocket(uri, new WebSocket.Listener() { }).get(15, TimeUnit.SECONDS);
            ws.abort();
            fail("the handshake on " + uri + " was accepted");
            return 101;
        } catch (ExecutionException | CompletionException e) {
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause(),
                    "the handshake failed otherwise: " + e);
            return refused.getResponse().statusCode();
        } catch (Exception e) {
            throw new AssertionError("handshake on " + uri + " did not complete: " + e, e);
        }
    }

    static void assertError(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(code, reply.errorCode(), reply.body());
        assertNotNull(reply.errorMessage(), reply.body());
    }
}
