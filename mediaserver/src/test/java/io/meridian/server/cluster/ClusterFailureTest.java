package io.meridian.server.cluster;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.client.ApiClient;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Failures in a cluster of three node processes in two regions on one real Redis, with short pins (3 s) so a dead
 * node's conference moves quickly. Redis going away must not touch a running call; a killed host's conference is
 * pinned again in the same region and media flows after the rejoin. The kill runs last: it leaves a node dead.
 */
@ExtendWith(LeakGuard.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class ClusterFailureTest {
    private static final int PIN_TTL_SECONDS = 3;
    /** The bound on media flowing again after the rejoin. */
    private static final Duration MEDIA_AFTER_REJOIN = Duration.ofSeconds(15);
    private static final String UNREACHABLE_LOG = "placement store unreachable";
    private static final String REACHABLE_LOG = "placement store reachable again";

    @TempDir
    static Path dir;
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(dir, PIN_TTL_SECONDS, 1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void withRedisStoppedTheCallGoesOnAndNewJoinsGet503UntilRedisIsBack() {
        TestPeer a = TestPeer.join(cluster.node("eu-1").api(), "outage", "a");
        TestPeer b = null;
        try {
            b = TestPeer.join(cluster.node("us-1").api(), "outage", "b");
            a.awaitAnsweredOfferWith(b);
            b.awaitAnsweredOfferWith(a);
            flows(a, b, Poll.DEFAULT_TIMEOUT);

            java.util.Map<String, Integer> logBefore = new java.util.HashMap<>();
            cluster.nodes().forEach(n -> logBefore.put(n.nodeId, n.stdout().length()));
            cluster.redis.stop();
            ApiClient eu2 = cluster.node("eu-2").api();
            Poll.until("a new join fails with 503 placement_unavailable", () -> {
                ApiClient.Reply r = Joins.join(eu2, "outage-new", null, "new");
                return r.status() == 503 && "placement_unavailable".equals(r.errorCode()) ? null
                        : "answered " + r.status() + " " + r.body();
            });
            ApiClient.Reply viaOther = Joins.join(cluster.node("us-1").api(), "outage", null, "late");
            assertEquals(503, viaOther.status(), "a join needing the placement fails: " + viaOther.body());
            assertEquals("placement_unavailable", viaOther.errorCode());
            flows(a, b, Poll.DEFAULT_TIMEOUT);
            for (ClusterNode node : cluster.nodes()) {
                Poll.until(node.nodeId + " notices the outage", () ->
                        node.stdout().substring(logBefore.get(node.nodeId)).contains(UNREACHABLE_LOG)
                                ? null : "not yet");
            }
            flows(a, b, Poll.DEFAULT_TIMEOUT);

            cluster.redis.restart();
            Poll.until("joins work again without restarting a node", Duration.ofSeconds(30), () -> {
                ApiClient.Reply r = Joins.join(eu2, "outage-new", null, "new");
                if (r.status() == 201) {
                    eu2.delete(Joins.participantPath(r));
                    return null;
                }
                return "answered " + r.status() + " " + r.body();
            });
            // Until the host has restored its pin, joins of the running call through other nodes get 503; never
            // a second pin elsewhere.
            ApiClient.Reply[] lateJoin = new ApiClient.Reply[1];
            Poll.until("a late joiner of the running call is admitted", Duration.ofSeconds(30), () -> {
                lateJoin[0] = Joins.join(cluster.node("us-1").api(), "outage", null, "late");
                return lateJoin[0].status() == 503 ? "answered 503 " + lateJoin[0].errorCode() : null;
            });
            ApiClient.Reply late = lateJoin[0];
            assertEquals(201, late.status(), late.body());
            assertEquals(Joins.candidatePort(a.answerSdp()), Joins.candidatePort(late.json().path("sdp").asText()),
                    "the running call's pin was restored on its host, so late joiners land there");
            assertEquals(204, cluster.node("us-1").api().delete(Joins.participantPath(late)).status());
            flows(a, b, Poll.DEFAULT_TIMEOUT);
            for (ClusterNode node : cluster.nodes()) {
                int from = logBefore.get(node.nodeId);
                Poll.until(node.nodeId + " logs the end of the outage", () ->
                        node.stdout().substring(from).contains(REACHABLE_LOG) ? null : "not yet");
                assertEquals(1, count(node.stdout().substring(from), UNREACHABLE_LOG),
                        node.nodeId + " logs the outage once, not per heartbeat\n" + node.output());
                Poll.until(node.nodeId + " starts new conferences again", Duration.ofSeconds(30), () -> {
                    ApiClient.Reply r = Joins.join(node.api(), "after-outage-" + node.nodeId, null, "new");
                    if (r.status() == 201) {
                        node.api().delete(Joins.participantPath(r));
                        return null;
                    }
                    return "answered " + r.status() + " " + r.body();
                });
            }
        } finally {
            if (b != null) {
                b.close();
            }
            a.close();
        }
    }

    @Test
    @Order(2)
    void aKilledHostsConferenceMovesToAnotherNodeOfItsRegion() {
        TestPeer a = TestPeer.join(cluster.node("eu-1").api(), "failover", "a");
        ClusterNode host = cluster.byMediaPort(Joins.candidatePort(a.answerSdp()));
        ClusterNode survivor = cluster.node(host.nodeId.equals("eu-1") ? "eu-2" : "eu-1");
        TestPeer b = null;
        try {
            b = TestPeer.join(cluster.node("us-1").api(), "failover", "b");
            a.awaitAnsweredOfferWith(b);
            b.awaitAnsweredOfferWith(a);
            flows(a, b, Poll.DEFAULT_TIMEOUT);
            host.kill();
        } finally {
            if (b != null) {
                b.close();
            }
            a.close();
        }

        Poll.until("the dead host's pin expires", Duration.ofSeconds(PIN_TTL_SECONDS * 5L), () -> {
            ApiClient.Reply r = survivor.api().get("/v1/conferences/failover");
            return r.status() == 404 ? null : "GET answers " + r.status() + " " + r.body();
        });
        TestPeer a2 = TestPeer.join(survivor.api(), "failover", "a2");
        TestPeer b2 = null;
        try {
            b2 = TestPeer.join(cluster.node("us-1").api(), "failover", "b2");
            ClusterNode newHost = cluster.byMediaPort(Joins.candidatePort(a2.answerSdp()));
            assertNotEquals(host.nodeId, newHost.nodeId);
            assertEquals(TestCluster.EU, newHost.region, "re-pinned in the same region");
            assertEquals(newHost.mediaPort(), Joins.candidatePort(b2.answerSdp()));
            flows(a2, b2, MEDIA_AFTER_REJOIN);
        } finally {
            if (b2 != null) {
                b2.close();
            }
            a2.close();
        }
    }

    /** Media flows both ways: each side sends fresh packets until the other has received new ones. */
    private static void flows(TestPeer x, TestPeer y, Duration deadline) {
        long xs = x.identity().audioSsrc();
        long ys = y.identity().audioSsrc();
        int xBefore = y.received().rtp(xs).size();
        int yBefore = x.received().rtp(ys).size();
        int[] seq = {x.received().rtp(ys).size() + y.received().rtp(xs).size() + 1000};
        Poll.until("media flows between " + x.identity().streamId() + " and " + y.identity().streamId(), deadline,
                () -> {
                    int s = seq[0]++ & 0xFFFF;
                    x.sendRtp(xs, s, PeerSdp.OPUS_PT, "x");
                    y.sendRtp(ys, s, PeerSdp.OPUS_PT, "y");
                    boolean toY = y.received().rtp(xs).size() > xBefore;
                    boolean toX = x.received().rtp(ys).size() > yBefore;
                    return toY && toX ? null : "to " + y.identity().streamId() + ": " + toY + ", to "
                            + x.identity().streamId() + ": " + toX;
                });
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
