package io.meridian.server.lifecycle;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.client.ApiClient;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import io.meridian.srtp.DtlsCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM to a real node process with a live call: readiness turns 503 while liveness stays 200, media keeps
 * flowing, new conferences are refused, and the process exits by itself (status 0) when the last participant leaves
 * or the grace period passes; a second SIGTERM exits at once.
 */
@ExtendWith(LeakGuard.class)
@Timeout(240)
class DrainProcessTest {
    /** Bounds how long a broken build takes to fail; not a claim about how fast the node exits. */
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void sigtermDrainsWhileTheCallGoesOnAndExitsWhenTheLastParticipantLeaves() throws Exception {
        try (NodeProcess node = NodeProcess.start(dir, "--drain-grace-period-seconds", "3600")) {
            ApiClient api = node.api();
            assertEquals(200, api.get("/readyz").status());
            try (TestPeer a = TestPeer.join(api, "drain-call", "a"); TestPeer b = TestPeer.join(api, "drain-call", "b")) {
                a.awaitAnsweredOfferWith(b);
                b.awaitAnsweredOfferWith(a);
                Sender fromA = new Sender(a, b);
                fromA.sendUntilMoreReceived("before SIGTERM");

                node.signal("TERM");
                Poll.until("/readyz answers 503 after SIGTERM", () -> {
                    ApiClient.Reply r = api.get("/readyz");
                    return r.status() == 503 ? null : "status " + r.status() + " " + r.body();
                });
                assertEquals(200, api.get("/healthz").status(), "liveness stays 200 while draining");

                fromA.sendUntilMoreReceived("after SIGTERM");
                new Sender(b, a).sendUntilMoreReceived("after SIGTERM, the other way");

                ApiClient.Reply late = api.join("drain-new-conference", PeerSdp.joinOffer(PeerIdentity.random("late"),
                        DtlsCertificate.generate().fingerprintSha256()));
                assertEquals(503, late.status(), late.body());
                assertEquals("draining", late.errorCode(), late.body());

                fromA.sendUntilMoreReceived("after a refused join");
                assertTrue(node.process.isAlive(), "a call is in progress and the grace period is an hour");

                assertEquals(204, a.leave());
                assertEquals(204, b.leave());
                assertEquals(0, node.awaitExit(EXIT_TIMEOUT), node.output());
                assertTrue(node.stdout().contains("drained: no conference left"), node.output());
            }
        }
    }

    @Test
    void theGracePeriodEndsTheDrainWithACallInProgress() throws Exception {
        try (NodeProcess node = NodeProcess.start(dir, "--drain-grace-period-seconds", "1")) {
            ApiClient api = node.api();
            try (TestPeer a = TestPeer.join(api, "grace-call", "a"); TestPeer b = TestPeer.join(api, "grace-call", "b")) {
                a.awaitAnsweredOfferWith(b);
                b.awaitAnsweredOfferWith(a);
                new Sender(a, b).sendUntilMoreReceived("before SIGTERM");

                node.signal("TERM");
                assertEquals(0, node.awaitExit(EXIT_TIMEOUT), node.output());
                assertTrue(node.stdout().contains("grace period of 1 s passed with conferences in progress"),
                        node.output());
            }
        }
    }

    @Test
    void aSecondSigtermDuringTheDrainExitsAtOnce() throws Exception {
        try (NodeProcess node = NodeProcess.start(dir, "--drain-grace-period-seconds", "3600")) {
            ApiClient api = node.api();
            try (TestPeer a = TestPeer.join(api, "second-signal", "a")) {
                node.signal("TERM");
                Poll.until("/readyz answers 503 after the first SIGTERM", () -> {
                    ApiClient.Reply r = api.get("/readyz");
                    return r.status() == 503 ? null : "status " + r.status();
                });
                assertTrue(node.process.isAlive(), "draining with a participant and an hour of grace");

                node.signal("TERM");
                assertEquals(128 + 15, node.awaitExit(EXIT_TIMEOUT), node.output());
                assertTrue(node.stdout().contains("SIGTERM received again while draining"), node.output());
            }
        }
    }

    @Test
    void sigintDrainsLikeSigterm() throws Exception {
        try (NodeProcess node = NodeProcess.start(dir)) {
            ApiClient api = node.api();
            node.signal("INT");
            // No conference: the drain ends at once.
            assertEquals(0, node.awaitExit(EXIT_TIMEOUT), node.output());
            assertTrue(node.stdout().contains("SIGINT received: draining"), node.output());
        }
    }

    /** Sends RTP from one peer with ever-increasing sequence numbers (SRTP replay protection stays happy). */
    private static final class Sender {
        private final TestPeer from;
        private final TestPeer to;
        private final long ssrc;
        private int sequence = 1000;

        Sender(TestPeer from, TestPeer to) {
            this.from = from;
            this.to = to;
            this.ssrc = from.identity().audioSsrc();
        }

        /** Sends until the receiver has more packets of this SSRC than before: media is flowing now. */
        void sendUntilMoreReceived(String when) {
            int before = to.received().rtp(ssrc).size();
            Poll.until(to.identity().streamId() + " receives more RTP from " + from.identity().streamId() + " " + when,
                    () -> {
                        from.sendRtp(ssrc, sequence++ & 0xFFFF, PeerSdp.OPUS_PT, "audio " + sequence);
                        int now = to.received().rtp(ssrc).size();
                        return now > before ? null : "still " + now + " packets; undecryptable "
                                + to.undecryptable() + ", problems " + to.signallingProblems();
                    });
        }
    }
}
