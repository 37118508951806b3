package io.meridian.server.browser;

import io.meridian.netlab.Namespace;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.http.TestTlsCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client that can reach one TCP port of the node and nothing else (443 in production; here another, since
 * Chromium refuses candidates on 80 and 443 of private addresses): the node serves the API over HTTPS and ICE-TCP on
 * that one port ({@code media.shared-tcp-port}), so real Chromium loads the demo page, signals over HTTPS/WSS and
 * sends and receives its media through it, with a Chromium on an open network.
 */
@ExtendWith(LeakGuard.class)
class SharedPortBrowserTest {
    @TempDir
    static Path dir;

    private static BrowserLab lab;
    private static int shared;
    private static DemoPage alice;
    private static DemoPage bob;

    @BeforeAll
    static void buildTheNetwork() throws Exception {
        TestTlsCertificate cert = TestTlsCertificate.create(dir);
        lab = BrowserLab.start("SharedPortBrowserTest", "sh", network -> {
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName(network.hubAddress()))) {
                shared = free.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.of("--http-tls-certificate", cert.certificatePem.toString(), "--http-tls-key",
                    cert.keyPem.toString(), "--media-shared-tcp-port", Integer.toString(shared));
        });
        String hub = lab.network().hubAddress();
        Namespace walled = lab.network().addNamespace("walled");
        walled.link().reachOnly(List.of(hub + " tcp " + shared));
        lab.step("the walled namespace reaches only TCP " + shared + " of the node (HTTPS, WSS and ICE-TCP)");
        String page = "https://" + hub + ":" + shared + "/";
        alice = lab.openAt(page, "alice", walled, "--ignore-certificate-errors");
        bob = lab.openAt(page, "bob", lab.subscribers, "--ignore-certificate-errors");
    }

    @AfterAll
    static void removeEverything() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aClientThatReachesOnePortSignalsAndSendsMediaThroughIt() {
        String conference = "one-port-" + Long.toHexString(System.nanoTime());
        try {
            lab.callEachOther(conference, alice, List.of(), bob, lab::diagnostics);
            Map<String, Object> pair = alice.selectedPair();
            assertEquals("tcp", pair.get("protocol"), "Alice's pair: " + pair);
            lab.step("Alice, through one TCP port, sees and hears Bob and he her (" + pair + ")");
        } finally {
            lab.leave(List.of(alice, bob));
        }
    }
}
