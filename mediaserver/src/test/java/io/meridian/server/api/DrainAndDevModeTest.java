package io.meridian.server.api;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.MeridianServer;
import io.meridian.server.config.ConfigException;
import io.meridian.server.config.ConfigLoader;
import io.meridian.server.config.MeridianConfig;
import io.meridian.client.ApiClient;
import io.meridian.client.ApiClient.Reply;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.TestPeer;
import io.meridian.srtp.DtlsCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static io.meridian.server.api.OperatorApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /v1/drain, and which modes run without tokens. Each test starts its own node. */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class DrainAndDevModeTest {

    @Test
    void drainStopsNewConferencesAndKeepsCurrentOnes() throws Exception {
        try (SecuredNode node = SecuredNode.start()) {
            TestPeer alice = node.join("drain-current", "alice");
            ApiClient ops = node.operator();

            Reply drained = ops.post("/v1/drain", "application/json", "{}");
            assertEquals(202, drained.status(), drained.body());
            assertTrue(drained.json().path("draining").asBoolean(), drained.body());
            Reply again = ops.post("/v1/drain", "application/json", "");
            assertEquals(202, again.status(), "draining twice is fine: " + again.body());

            assertError(node.anonymous.get("/readyz"), 503, "not_ready");
            assertError(node.as(SecuredNode.token("bob", "drain-new", false)).join("drain-new",
                    PeerSdp.joinOffer(PeerIdentity.random("bob"), DtlsCertificate.generate().fingerprintSha256())), 503,
                    "draining");
            TestPeer carol = node.join("drain-current", "carol");
            carol.awaitAnsweredOfferWith(alice);
            assertEquals(2, ops.get("/v1/conferences/drain-current").json().path("participants").size());
        }
    }

    @Test
    void developmentModeWithoutASecretNeedsNoToken() throws Exception {
        try (MeridianServer server = MeridianServer.start(MeridianConfig.devOnLoopback())) {
            ApiClient api = ApiClient.onLoopback(server.httpPort());
            try (TestPeer peer = TestPeer.join(api, "dev-open", "anyone")) {
                Reply view = api.get("/v1/conferences/dev-open/participants/" + peer.participantId());
                assertEquals(200, view.status(), view.body());
                assertTrue(view.json().path("identity").isNull(), "no token, no identity: " + view.body());
                assertEquals(200, api.get("/v1/conferences").status());
                assertEquals(200, api.get("/v1/conferences/dev-open/participants").status());
            }
            assertEquals(202, api.post("/v1/drain", "application/json", "{}").status());
        }
    }

    @Test
    void developmentModeWithASecretRequiresTokens() throws Exception {
        try (SecuredNode node = SecuredNode.start()) {
            assertError(node.anonymous.get("/v1/conferences"), 401, "missing_token");
            Reply refused = node.anonymous.get("/v1/conferences");
            assertFalse(refused.body().contains("ops"), refused.body());
        }
    }

    @Test
    void anyOtherModeRefusesToStartWithoutASecret() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(
                "--http-host", "127.0.0.1", "--media-host", "127.0.0.1", "--http-port", "0", "--media-port", "0"),
                Map.of()));
        assertTrue(e.getMessage().contains("auth.secret"), e.getMessage());
        ConfigException shortSecret = assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(
                "--http-host", "127.0.0.1", "--media-host", "127.0.0.1", "--auth-secret", "too-short"), Map.of()));
        assertTrue(shortSecret.getMessage().contains("32 bytes"), shortSecret.getMessage());
    }
}
