package io.meridian.server.session;

import io.meridian.api.ApiRoutes;
import io.meridian.client.ApiClient;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.placement.ConferencePin;
import io.meridian.placement.InMemoryRegionPlacement;
import io.meridian.placement.NodeInfo;
import io.meridian.placement.RegionPlacement;
import io.meridian.router.cc.CongestionSettings;
import io.meridian.router.retransmit.RetransmissionSettings;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.sdp.Candidate;
import io.meridian.server.ice.IceLiteResponder;
import io.meridian.server.peer.Poll;
import io.meridian.server.transport.MediaLoops;
import io.meridian.srtp.DtlsCertificate;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The placement store (Redis in a cluster) may be slow or unreachable, so no call to it may run on a Vert.x event
 * loop (every other request on that loop would wait) or under a conference's monitor (every signalling change of
 * that conference would). The real manager and routes run over the in-memory store, wrapped to note the thread of
 * each call.
 */
@ExtendWith(LeakGuard.class)
@Timeout(60)
class PlacementThreadsTest {
    /** The in-memory store, noting where each call ran. */
    private static final class WatchedPlacement implements RegionPlacement {
        final RegionPlacement store;
        final List<String> calls = new CopyOnWriteArrayList<>();

        WatchedPlacement(RegionPlacement store) {
            this.store = store;
        }

        private void note(String call) {
            calls.add(call + (Context.isOnEventLoopThread() ? " on an event loop" : " off the event loops")
                    + " on " + Thread.currentThread().getName());
        }

        @Override
        public void heartbeat(NodeInfo self) {
            store.heartbeat(self);
        }

        @Override
        public List<NodeInfo> liveNodes() {
            return store.liveNodes();
        }

        @Override
        public ConferencePin pinIfAbsent(String conferenceId, String requestedRegion) {
            note("pinIfAbsent");
            return store.pinIfAbsent(conferenceId, requestedRegion);
        }

        @Override
        public Optional<ConferencePin> pinOf(String conferenceId) {
            note("pinOf");
            return store.pinOf(conferenceId);
        }

        @Override
        public void renew(Collection<String> conferenceIds, String nodeId) {
            store.renew(conferenceIds, nodeId);
        }

        @Override
        public void release(String conferenceId, String nodeId) {
            note("release");
            store.release(conferenceId, nodeId);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    private final WatchedPlacement placement = new WatchedPlacement(
            new InMemoryRegionPlacement("node-1", "http://127.0.0.1:1", Clock.systemUTC()));
    private MediaLoops loops;
    private ConferenceManager manager;
    private Vertx vertx;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        loops = new MediaLoops("127.0.0.1", 0, 1, new IceLiteResponder(ufrag -> null), PooledByteBufAllocator.DEFAULT);
        manager = new ConferenceManager(new ManagerSettings("node-1", "default",
                List.of(new Candidate("127.0.0.1", loops.port())), 2, Duration.ofSeconds(10), Duration.ofSeconds(30),
                0, RetransmissionSettings.DEFAULTS, CongestionSettings.DEFAULTS), placement, loops, DtlsCertificate.generate(), PooledByteBufAllocator.DEFAULT, Clock.systemUTC(),
                System::nanoTime, NodeEvents.NONE);
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        ApiRoutes.mount(router, manager, false);
        HttpServer http = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get();
        api = ApiClient.onLoopback(http.actualPort());
    }

    @AfterEach
    void stop() {
        manager.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        loops.close();
    }

    @Test
    void theStoreIsNeverAskedOnAnEventLoop() {
        String fingerprint = String.join(":", java.util.Collections.nCopies(32, "AB"));
        ApiClient.Reply joined = api.join("watched", PeerSdp.joinOffer(PeerIdentity.random("p"), fingerprint));
        assertEquals(201, joined.status());
        String participant = joined.json().path("participantId").asText();

        // Routes about a conference this node does not host have to ask the store where it is.
        assertEquals(404, api.get("/v1/conferences/elsewhere").status());
        assertEquals(404, api.get("/v1/conferences/elsewhere/participants").status());
        assertEquals(404, api.get("/v1/conferences/elsewhere/participants/p-1").status());
        assertEquals(404, api.delete("/v1/conferences/elsewhere/participants/p-1").status());
        assertEquals(404, api.delete("/v1/conferences/elsewhere").status());
        // The last participant leaving ends the conference and releases its pin.
        assertEquals(204, api.delete("/v1/conferences/watched/participants/" + participant).status());
        Poll.until("the pin is released", () -> placement.calls.stream().anyMatch(c -> c.startsWith("release"))
                ? null : "calls " + placement.calls);

        assertTrue(placement.calls.stream().anyMatch(c -> c.startsWith("pinOf")), "lookups happened");
        assertTrue(placement.calls.stream().noneMatch(c -> c.contains(" on an event loop")), placement.calls.toString());
    }
}
