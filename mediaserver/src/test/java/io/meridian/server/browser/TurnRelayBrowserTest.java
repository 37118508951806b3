package io.meridian.server.browser;

import io.meridian.netlab.Namespace;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.meridian.server.browser.BrowserLab.JOIN_DEADLINE;
import static io.meridian.server.browser.BrowserLab.PART_DEADLINE;
import static io.meridian.server.browser.BrowserLab.POLL_INTERVAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients behind a firewall that lets them reach only a TURN relay (a real coturn on an address of its own) and the
 * node's API port: with the credentials the node hands out (the demo page fetches them before it offers, and uses
 * the relay only, {@code ?relay=1}) a call connects through the relay and media flows both ways; credentials that
 * expired, or were signed with another secret, are refused by coturn and the call does not connect. The operator
 * view and the metrics say who is relayed.
 */
@ExtendWith(LeakGuard.class)
class TurnRelayBrowserTest {
    private static final String SECRET = "turn-secret-shared-by-node-and-relay";

    private static BrowserLab lab;
    private static String relay;
    private static Coturn coturn;
    private static DemoPage alice;
    private static DemoPage bob;
    private static DemoPage carol;

    @BeforeAll
    static void buildTheNetwork() throws Exception {
        lab = BrowserLab.start("TurnRelayBrowserTest", "tr", network -> {
            try {
                relay = network.addHubAddress();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return List.of("--turn-urls", "turn:" + relay + ":" + Coturn.PORT + "?transport=udp",
                    "--turn-secret", SECRET);
        });
        coturn = Coturn.start(relay, SECRET);
        lab.step("coturn listens on " + coturn.udpUrl());
        Namespace walled = lab.network().addNamespace("walled");
        walled.link().reachOnly(List.of(relay,
                lab.network().hubAddress() + " tcp " + lab.node.httpPort()));
        alice = lab.open("alice", walled);
        carol = lab.open("carol", walled);
        bob = lab.open("bob", lab.subscribers);
    }

    @AfterAll
    static void removeEverything() {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            if (coturn != null) {
                coturn.close();
            }
        }
    }

    @Test
    void aClientThatCanReachOnlyTheRelayCallsThroughIt() {
        String conference = "relayed-" + Long.toHexString(System.nanoTime());
        try {
            List<String> ids = lab.callEachOther(conference, alice, List.of("relay=1"), bob, this::diagnostics);
            Map<String, Object> pair = alice.selectedPair();
            assertEquals("relay", pair.get("local"), "Alice's media goes through the relay: " + pair);
            lab.step("Alice and Bob see and hear each other, Alice through coturn (" + pair + ")");

            assertEquals(Map.of(ids.get(0), "relay", ids.get(1), "udp"), lab.transports(conference),
                    "the operator view's transports");
            String metrics = lab.metrics();
            assertTrue(metrics.contains("meridian_participants_by_transport{transport=\"relay\",} 1.0"), metrics);
            assertTrue(metrics.contains("meridian_participants_by_transport{transport=\"udp\",} 1.0"), metrics);
        } finally {
            lab.leave(List.of(alice, bob));
        }
    }

    @Test
    void expiredOrWronglySignedCredentialsAreRefusedByTheRelay() {
        long now = System.currentTimeMillis() / 1000;
        String expired = (now - 60) + ":carol";
        String foreign = (now + 3600) + ":carol";
        for (String[] credential : List.of(new String[] {expired, password(SECRET, expired), "expired"},
                new String[] {foreign, password("another-secret", foreign), "signed with another secret"})) {
            String conference = "refused-" + Long.toHexString(System.nanoTime());
            String servers = "[{\"urls\":[\"" + coturn.udpUrl() + "\"],\"username\":\"" + credential[0]
                    + "\",\"credential\":\"" + credential[1] + "\"}]";
            try {
                carol.joinWith(conference, carol.name(), "relay=1",
                        "iceServers=" + URLEncoder.encode(servers, StandardCharsets.UTF_8));
                carol.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, lab::diagnostics);
                Poll.until("coturn refuses Carol's credentials (" + credential[2] + ")", PART_DEADLINE,
                        POLL_INTERVAL, () -> carol.candidateErrorCodes().contains(401L) ? null
                                : "candidate errors " + carol.candidateErrorCodes(), this::diagnostics);
                assertNull(carol.selectedPair(), "no way to the node without the relay");
                assertNotEquals("connected", carol.state().get("connectionState"));
                lab.step("coturn refused credentials " + credential[2] + ": Carol's call does not connect");
            } finally {
                lab.leave(List.of(carol));
            }
        }
    }

    private String diagnostics() {
        return lab.diagnostics() + "\n---- coturn ----\n" + coturn.log();
    }

    /** base64(HMAC-SHA1(secret, username)): coturn's REST API password. */
    private static String password(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
