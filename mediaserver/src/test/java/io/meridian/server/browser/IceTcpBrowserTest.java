package io.meridian.server.browser;

import io.meridian.netlab.Namespace;
import io.meridian.rtp.testing.LeakGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client whose network drops all UDP and lets it reach only the node's API port and its ICE-TCP port (RFC 6544):
 * real Chromium, in a namespace walled so, connects to the node's passive TCP candidate and calls a Chromium on an
 * open network; both see and hear each other, and the operator view and the metrics say the first is on TCP.
 */
@ExtendWith(LeakGuard.class)
class IceTcpBrowserTest {
    private static BrowserLab lab;
    private static DemoPage alice;
    private static DemoPage bob;

    @BeforeAll
    static void buildTheNetwork() throws Exception {
        lab = BrowserLab.start("IceTcpBrowserTest", "it", false);
        Namespace walled = lab.network().addNamespace("walled");
        String hub = lab.network().hubAddress();
        walled.link().reachOnly(List.of(hub + " tcp " + lab.node.httpPort(), hub + " tcp " + lab.node.mediaTcpPort()));
        lab.step("the walled namespace reaches only TCP " + lab.node.httpPort() + " (API) and "
                + lab.node.mediaTcpPort() + " (ICE-TCP) of the node");
        alice = lab.open("alice", walled);
        bob = lab.open("bob", lab.subscribers);
    }

    @AfterAll
    static void removeEverything() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aClientWithoutUdpCallsOverIceTcp() {
        String conference = "tcp-" + Long.toHexString(System.nanoTime());
        try {
            List<String> ids = lab.callEachOther(conference, alice, List.of(), bob, lab::diagnostics);
            Map<String, Object> pair = alice.selectedPair();
            assertEquals("tcp", pair.get("protocol"), "Alice's pair: " + pair);
            lab.step("Alice and Bob see and hear each other, Alice over ICE-TCP (" + pair + ")");

            assertEquals(Map.of(ids.get(0), "tcp", ids.get(1), "udp"), lab.transports(conference),
                    "the operator view's transports");
            String metrics = lab.metrics();
            assertTrue(metrics.contains("meridian_participants_by_transport{transport=\"tcp\",} 1.0"), metrics);
        } finally {
            lab.leave(List.of(alice, bob));
        }
    }
}
