package io.meridian.server.api;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.meridian.api.ApiTokens;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.client.ApiClient;
import io.meridian.client.ApiClient.Reply;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.TestPeer;
import io.meridian.srtp.DtlsCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

import static io.meridian.server.api.OperatorApiTest.assertError;
import static io.meridian.server.api.OperatorApiTest.handshakeStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every authorisation boundary of the API on a node that requires tokens, over real HTTP: each refusal is a 401 or
 * 403 with a clear code, and nothing is changed by a refused call.
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class AuthBoundaryTest {
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

    /** A join offer from a fresh identity; the node refuses before looking at it or accepts it. */
    private static String offer() {
        return PeerSdp.joinOffer(PeerIdentity.random("auth"), DtlsCertificate.generate().fingerprintSha256());
    }

    private static String participantPath(String conference, String participant) {
        return "/v1/conferences/" + conference + "/participants/" + participant;
    }

    @Test
    void aParticipantTokenForOneConferenceCannotJoinAnother() {
        ApiClient forA = node.as(SecuredNode.token("alice", "auth-a", false));
        assertError(forA.join("auth-b", offer()), 403, "forbidden_conference");
        assertError(ops.get("/v1/conferences/auth-b"), 404, "conference_not_found");
        // The refused join allocated nothing: the conference was never created.
        Reply joined = forA.join("auth-a", offer());
        assertEquals(201, joined.status(), joined.body());
        assertEquals(204, forA.delete(participantPath("auth-a", joined.json().path("participantId").asText()))
                .status());
    }

    @Test
    void aParticipantTokenCannotOperate() {
        TestPeer alice = node.join("auth-ops", "alice");
        TestPeer bob = node.join("auth-ops", "bob");
        ApiClient asAlice = node.as(SecuredNode.token("alice", "auth-ops", false));

        assertError(asAlice.get("/v1/conferences"), 403, "operator_required");
        assertError(asAlice.get("/v1/conferences/auth-ops"), 403, "operator_required");
        assertError(asAlice.delete("/v1/conferences/auth-ops"), 403, "operator_required");
        assertError(asAlice.delete("/v1/conferences/elsewhere"), 403, "operator_required");
        assertError(asAlice.get("/v1/conferences/auth-ops/participants"), 403, "operator_required");
        assertError(asAlice.post("/v1/drain", "application/json", "{}"), 403, "operator_required");
        assertError(asAlice.get(participantPath("auth-ops", bob.participantId())), 403, "not_your_participant");
        assertError(asAlice.delete(participantPath("auth-ops", bob.participantId())), 403, "not_your_participant");

        // Nothing changed, and alice still sees (and may remove) herself.
        assertEquals(200, node.anonymous.get("/readyz").status(), "the node is not draining");
        assertEquals(2, ops.get("/v1/conferences/auth-ops/participants").json().path("participants").size());
        Reply self = asAlice.get(participantPath("auth-ops", alice.participantId()));
        assertEquals(200, self.status(), self.body());
        assertEquals("alice", self.json().path("identity").asText());
        assertEquals(204, alice.leave());
        assertEquals(1, ops.get("/v1/conferences/auth-ops/participants").json().path("participants").size());
    }

    @Test
    void anOperatorTokenForOneConferenceOperatesOnlyThatConference() {
        TestPeer carol = node.join("auth-scoped", "carol");
        TestPeer dave = node.join("auth-scoped-other", "dave");
        ApiClient scoped = node.as(SecuredNode.token("moderator", "auth-scoped", true));

        assertEquals(200, scoped.get("/v1/conferences/auth-scoped").status());
        assertEquals(200, scoped.get("/v1/conferences/auth-scoped/participants").status());
        assertEquals(200, scoped.get(participantPath("auth-scoped", carol.participantId())).status());
        assertError(scoped.get("/v1/conferences/auth-scoped-other"), 403, "forbidden_conference");
        assertError(scoped.delete("/v1/conferences/auth-scoped-other"), 403, "forbidden_conference");
        assertError(scoped.delete(participantPath("auth-scoped-other", dave.participantId())), 403,
                "forbidden_conference");
        assertError(scoped.get("/v1/conferences"), 403, "forbidden_conference");
        assertError(scoped.post("/v1/drain", "application/json", "{}"), 403, "forbidden_conference");
        assertEquals(1, ops.get("/v1/conferences/auth-scoped-other/participants").json().path("participants").size());
    }

    @Test
    void onlyTheParticipantItselfOpensItsEventsSocket() {
        // Joined over HTTP only, so that its events socket is still free.
        ApiClient asErin = node.as(SecuredNode.token("erin", "auth-events", false));
        Reply joined = asErin.join("auth-events", offer());
        assertEquals(201, joined.status(), joined.body());
        String erin = joined.json().path("participantId").asText();
        URI events = URI.create(joined.json().path("events").asText());

        assertEquals(403, handshakeStatus(node.as(SecuredNode.token("mallory", "auth-events", false)), events),
                "another participant of the same conference");
        assertEquals(403, handshakeStatus(node.operator(), events), "an operator cannot take over signalling");
        assertEquals(403, handshakeStatus(node.as(SecuredNode.token("erin", "elsewhere", false)), events),
                "erin's identity but a token for another conference");
        assertEquals(401, handshakeStatus(node.anonymous, events), "no token");
        assertEquals(401, handshakeStatus(node.anonymous, URI.create(events + "?access_token=not-a-jwt")));
        String mallory = SecuredNode.token("mallory", "auth-events", false);
        assertEquals(403, handshakeStatus(node.anonymous, URI.create(events + "?access_token=" + mallory)));

        // Browsers cannot set headers on a WebSocket: the token in the query string opens erin's own socket.
        String erinsToken = SecuredNode.token("erin", "auth-events", false);
        java.net.http.WebSocket ws = node.anonymous.openWebSocket(URI.create(events + "?access_token=" + erinsToken),
                new java.net.http.WebSocket.Listener() { }).join();
        try {
            assertEquals(200, asErin.get(participantPath("auth-events", erin)).status());
        } finally {
            ws.abort();
        }
        // Closing the socket removes the participant (API.md); clean up in case that is still under way.
        Reply gone = asErin.delete(participantPath("auth-events", erin));
        assertTrue(gone.status() == 204 || gone.status() == 404, gone.body());
    }

    @Test
    void theQueryTokenIsOnlyForTheEventsSocket() {
        String opsToken = SecuredNode.token("ops", "*", true);
        assertError(node.anonymous.get("/v1/conferences?access_token=" + opsToken), 401, "missing_token");
    }

    @Test
    void missingMalformedExpiredAndWronglySignedTokensAreRefusedOnEveryRoute() throws Exception {
        Instant now = Instant.now();
        String expired = ApiTokens.mint(SecuredNode.SECRET, "ops", "*", true, Duration.ofMinutes(5),
                now.minus(Duration.ofHours(1)));
        String otherSecret = ApiTokens.mint("another-secret-another-secret-another-secret", "ops", "*", true,
                Duration.ofHours(1), now);
        String unsigned = new PlainJWT(new JWTClaimsSet.Builder().subject("ops").claim("conf", "*").claim("op", true)
                .expirationTime(Date.from(now.plusSeconds(3600))).build()).serialize();
        String original = SecuredNode.token("alice", "auth-x", false);
        String tampered = tamper(original);
        assertNotEquals(original.split("\\.")[1], tampered.split("\\.")[1], "the payload was rewritten");
        String hs512 = sign(JWSAlgorithm.HS512, new JWTClaimsSet.Builder().subject("ops").claim("conf", "*")
                .claim("op", true).expirationTime(Date.from(now.plusSeconds(3600))).build());
        String noExpiry = sign(JWSAlgorithm.HS256, new JWTClaimsSet.Builder().subject("ops").claim("conf", "*")
                .claim("op", true).build());
        String noConference = sign(JWSAlgorithm.HS256, new JWTClaimsSet.Builder().subject("ops").claim("op", true)
                .expirationTime(Date.from(now.plusSeconds(3600))).build());

        List<Function<ApiClient, Reply>> routes = List.of(
                c -> c.get("/v1/conferences"),
                c -> c.get("/v1/conferences/auth-x"),
                c -> c.delete("/v1/conferences/auth-x"),
                c -> c.get("/v1/conferences/auth-x/participants"),
                c -> c.join("auth-x", "v=0"),
                c -> c.get(participantPath("auth-x", "p-1")),
                c -> c.delete(participantPath("auth-x", "p-1")),
                c -> c.post("/v1/drain", "application/json", "{}"));
        for (Function<ApiClient, Reply> route : routes) {
            assertUnauthorized(route.apply(node.anonymous), "missing_token");
            assertUnauthorized(route.apply(node.as(expired)), "expired_token");
            assertUnauthorized(route.apply(node.as(otherSecret)), "invalid_token");
            assertUnauthorized(route.apply(node.as(unsigned)), "invalid_token");
            assertUnauthorized(route.apply(node.as(tampered)), "invalid_token");
            assertUnauthorized(route.apply(node.as(hs512)), "invalid_token");
            assertUnauthorized(route.apply(node.as(noExpiry)), "invalid_token");
            assertUnauthorized(route.apply(node.as(noConference)), "invalid_token");
            assertUnauthorized(route.apply(node.as("not.a.jwt")), "invalid_token");
        }
        assertUnauthorized(send(node.anonymous, "Basic b3BzOm9wcw=="), "invalid_token");
        for (String token : List.of(expired, otherSecret, unsigned)) {
            assertEquals(401, handshakeStatus(node.as(token), "auth-x", "p-1"));
        }
        assertEquals(200, node.anonymous.get("/readyz").status(), "no refused drain took effect");
    }

    private static Reply send(ApiClient base, String authorization) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(15)).build();
        java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest
                .newBuilder(base.base().resolve("/v1/conferences")).timeout(Duration.ofSeconds(15))
                .header("Authorization", authorization).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(),
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()));
    }

    private static void assertUnauthorized(Reply reply, String code) {
        assertError(reply, 401, code);
    }

    /** The token with its payload replaced by one naming an operator for every conference: the signature breaks. */
    private static String tamper(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"op\":false", "\"op\":true").replace("\"auth-x\"", "\"*\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String sign(JWSAlgorithm algorithm, JWTClaimsSet claims) throws Exception {
        byte[] key = (SecuredNode.SECRET + SecuredNode.SECRET).getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
        jwt.sign(new MACSigner(algorithm == JWSAlgorithm.HS256 ? SecuredNode.SECRET.getBytes(StandardCharsets.UTF_8)
                : key));
        return jwt.serialize();
    }
}
