package io.meridian.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster of three node processes in two regions on one real Redis: every join, whichever node it reaches, lands
 * on the conference's one pinned node, and media flows between participants who came in through different nodes.
 * The draining test runs last: it leaves a node draining.
 */
@ExtendWith(LeakGuard.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class ClusterJoinTest {
    private static final int ROUNDS = 100;

    @TempDir
    static Path dir;
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(dir, 10, 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void concurrentFirstJoinsThroughDifferentNodesPinOnce() throws Exception {
        List<ClusterNode> nodes = cluster.nodes();
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String conference = "race-" + round;
                List<Future<ApiClient.Reply>> replies = new ArrayList<>();
                for (ClusterNode node : nodes) {
                    replies.add(pool.submit(() -> Joins.join(node.api(), conference, null, node.nodeId)));
                }
                List<ApiClient.Reply> joined = new ArrayList<>();
                for (Future<ApiClient.Reply> reply : replies) {
                    joined.add(reply.get(30, TimeUnit.SECONDS));
                }
                Set<String> hosts = new HashSet<>();
                Set<String> regions = new HashSet<>();
                for (ApiClient.Reply reply : joined) {
                    assertEquals(201, reply.status(), conference + ": " + reply.body());
                    hosts.add(reply.json().path("node").asText());
                    regions.add(reply.json().path("region").asText());
                }
                assertEquals(1, hosts.size(), conference + " answered by " + hosts);
                ClusterNode host = cluster.node(hosts.iterator().next());
                assertEquals(Set.of(host.region), regions, conference + ": the pinned region is the host's");
                for (ApiClient.Reply reply : joined) {
                    assertEquals(host.mediaPort(), Joins.candidatePort(reply.json().path("sdp").asText()),
                            conference + ": candidates point at the host " + host.nodeId);
                    assertTrue(reply.json().path("events").asText().startsWith("ws://127.0.0.1:"
                            + host.api().base().getPort() + "/"), "events URL on the host: " + reply.body());
                }
                for (ClusterNode node : nodes) {
                    boolean listed = listsConference(node, conference);
                    assertEquals(node == host, listed, conference + " listed on " + node.nodeId);
                }
                for (int i = 0; i < nodes.size(); i++) {
                    ApiClient.Reply left = nodes.get(i).api().delete(Joins.participantPath(joined.get(i)));
                    assertEquals(204, left.status(), "DELETE through " + nodes.get(i).nodeId + ": " + left.body());
                }
                assertTrue(!listsConference(host, conference), conference + " ended on " + host.nodeId);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(2)
    void nearestRegionTakesARegionWithoutNodesAndTheAnswerSaysSo() {
        ApiClient.Reply joined = Joins.join(cluster.node("eu-1").api(), "far-away", "ap", "ap");
        assertEquals(201, joined.status(), joined.body());
        assertEquals(TestCluster.US, joined.json().path("region").asText(), "ap falls back to us first");
        assertEquals("us-1", joined.json().path("node").asText());
        assertEquals(204, cluster.node("eu-2").api().delete(Joins.participantPath(joined)).status());
    }

    @Test
    @Order(3)
    void mediaFlowsBetweenPeersWhoseJoinsReachedDifferentNodes() {
        TestPeer eu = TestPeer.join(cluster.node("eu-1").api(), "cross-node", "via-eu");
        TestPeer us = null;
        try {
            us = TestPeer.join(cluster.node("us-1").api(), "cross-node", "via-us");
            assertEquals(Joins.candidatePort(eu.answerSdp()), Joins.candidatePort(us.answerSdp()),
                    "both peers' media goes to the one hosting node");
            assertEquals(TestCluster.EU, cluster.byMediaPort(Joins.candidatePort(eu.answerSdp())).region,
                    "pinned to the first joiner's region");
            eu.awaitAnsweredOfferWith(us);
            us.awaitAnsweredOfferWith(eu);
            eu.sendUntilReceived(us, eu.identity().audioSsrc(), 100, PeerSdp.OPUS_PT, "from eu");
            us.sendUntilReceived(eu, us.identity().videoSsrc(), 100, PeerSdp.VP8_PT, "from us");
            assertEquals(List.of(), eu.signallingProblems());
            assertEquals(List.of(), us.signallingProblems());
            assertEquals(204, us.leave(), "DELETE forwarded from us-1 to the host");
            eu.awaitMessage("participant-left", us.participantId());
        } finally {
            if (us != null) {
                us.close();
            }
            eu.close();
        }
    }

    @Test
    @Order(4)
    void eventsSocketOpenedOnANonHostingNodeIsProxiedToTheHost() throws Exception {
        ApiClient.Reply first = Joins.join(cluster.node("eu-1").api(), "proxied-events", null, "first");
        assertEquals(201, first.status(), first.body());
        ClusterNode host = cluster.node(first.json().path("node").asText());
        ClusterNode other = cluster.nodes().stream().filter(n -> n != host).findFirst().orElseThrow();
        ApiClient.Reply second = Joins.join(other.api(), "proxied-events", null, "second");
        assertEquals(201, second.status(), second.body());
        String firstId = first.json().path("participantId").asText();
        URI viaOther = URI.create("ws://127.0.0.1:" + other.api().base().getPort()
                + Joins.participantPath(second) + "/events");
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket = openOrFail(other.api(), viaOther, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                received.add(data.toString());
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(status);
                return null;
            }
        });
        try {
            Poll.until("the proxied socket relays participant-joined for the first participant", () ->
                    received.stream().anyMatch(m -> m.contains("participant-joined") && m.contains(firstId))
                            ? null : "received " + received);
            ApiClient.Reply unknown = other.api().get(Joins.participantPath(second).replace(
                    second.json().path("participantId").asText(), "p-nobody"));
            assertEquals(404, unknown.status(), "a GET forwarded to the host: " + unknown.body());
        } finally {
            if (!closed.isDone()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(15, TimeUnit.SECONDS);
            }
        }
        Poll.until("closing the proxied socket removes the participant on the host", () -> {
            int status = host.api().get(Joins.participantPath(second)).status();
            return status == 404 ? null : "GET answers " + status;
        });
        assertEquals(204, other.api().delete(Joins.participantPath(first)).status());
    }

    @Test
    @Order(5)
    void aDrainingNodeGetsNoNewConferencesButKeepsItsOwn() {
        ApiClient.Reply kept = Joins.join(cluster.node("eu-1").api(), "before-drain", TestCluster.EU, "kept");
        assertEquals(201, kept.status(), kept.body());
        ClusterNode draining = cluster.node(kept.json().path("node").asText());
        ClusterNode otherEu = cluster.node(draining.nodeId.equals("eu-1") ? "eu-2" : "eu-1");
        ApiClient.Reply drained = draining.api().post("/v1/drain", "application/json", "{}");
        assertEquals(202, drained.status(), drained.body());
        for (int i = 0; i < 5; i++) {
            ApiClient.Reply joined = Joins.join(draining.api(), "after-drain-" + i, null, "new");
            assertEquals(201, joined.status(), "a draining node still forwards: " + joined.body());
            assertEquals(otherEu.nodeId, joined.json().path("node").asText(), "new conferences avoid the drainer");
            assertEquals(204, draining.api().delete(Joins.participantPath(joined)).status());
        }
        ApiClient.Reply again = Joins.join(cluster.node("us-1").api(), "before-drain", null, "again");
        assertEquals(201, again.status(), again.body());
        assertEquals(draining.nodeId, again.json().path("node").asText(), "its own conference stays");
        assertNotEquals(otherEu.nodeId, again.json().path("node").asText());
        assertEquals(204, cluster.node("us-1").api().delete(Joins.participantPath(again)).status());
        assertEquals(204, cluster.node("us-1").api().delete(Joins.participantPath(kept)).status());
    }

    private static WebSocket openOrFail(ApiClient api, URI uri, WebSocket.Listener listener) {
        try {
            return api.openWebSocket(uri, listener).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot open " + uri + ": " + e + "\n" + cluster.output(), e);
        }
    }

    private static boolean listsConference(ClusterNode node, String conferenceId) {
        ApiClient.Reply list = node.api().get("/v1/conferences");
        assertEquals(200, list.status(), list.body());
        for (JsonNode c : list.json().path("conferences")) {
            if (c.path("conferenceId").asText().equals(conferenceId)) {
                return true;
            }
        }
        return false;
    }
}
