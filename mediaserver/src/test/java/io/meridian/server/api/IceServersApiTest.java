package io.meridian.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.client.ApiClient;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TURN credentials through a running node: {@code GET /v1/ice-servers} needs a token and answers the configured relay
 * with a credential in coturn's REST scheme for the caller; a join answer carries one for the participant. Without a
 * relay configured both lists are empty.
 */
@ExtendWith(LeakGuard.class)
class IceServersApiTest {
    private static final String TURN_SECRET = "relay-secret";
    private static final String URLS = "turn:192.0.2.9:3478?transport=udp,turn:192.0.2.9:3478?transport=tcp";

    @Test
    void aCallerGetsTheRelayWithCredentialsOfItsOwn() throws Exception {
        try (SecuredNode node = SecuredNode.start("--turn-urls", URLS, "--turn-secret", TURN_SECRET,
                "--turn-credential-ttl-seconds", "600")) {
            assertEquals(401, node.anonymous.get("/v1/ice-servers").status(), "a token is needed");
            ApiClient.Reply reply = node.as(SecuredNode.token("ann", "room", false)).get("/v1/ice-servers");
            assertEquals(200, reply.status(), reply.body());
            assertEquals(600, reply.json().path("ttlSeconds").asLong());
            JsonNode server = reply.json().path("iceServers").path(0);
            assertEquals(2, server.path("urls").size());
            assertEquals("turn:192.0.2.9:3478?transport=tcp", server.path("urls").path(1).asText());
            assertCredentialFor("ann", server);

            TestPeer peer = node.join("room", "ben");
            JsonNode joined = peer.joinReply();
            JsonNode fresh = joined.path("iceServers").path(0);
            assertCredentialFor(joined.path("participantId").asText(), fresh);
        }
    }

    @Test
    void withoutARelayTheListsAreEmpty() throws Exception {
        try (SecuredNode node = SecuredNode.start()) {
            ApiClient.Reply reply = node.as(SecuredNode.token("ann", "room", false)).get("/v1/ice-servers");
            assertEquals(200, reply.status());
            assertEquals(0, reply.json().path("iceServers").size());
            assertEquals(0, node.join("room", "ben").joinReply().path("iceServers").size());
        }
    }

    /** The username is {@code expiry:user} with an expiry ahead of now; the password is what coturn will compute. */
    private static void assertCredentialFor(String user, JsonNode server) throws Exception {
        String username = server.path("username").asText();
        String[] parts = username.split(":", 2);
        assertEquals(user, parts[1]);
        long expiry = Long.parseLong(parts[0]);
        long now = System.currentTimeMillis() / 1000;
        assertTrue(expiry > now && expiry <= now + 600 + 5, "expires in the next ten minutes: " + username);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TURN_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        assertEquals(Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8))),
                server.path("credential").asText());
    }
}
