package io.meridian.placement;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Redis stopped, not yet started, or hung: every call fails fast, and the same placement recovers. */
class RedisPlacementOutageTest extends RedisPlacementFixture {
    @Test
    void withRedisStoppedEveryCallFailsFastAndTheSamePlacementRecoversWhenItIsBack() throws Exception {
        RedisRegionPlacement p = placement("a", RegionTable.empty());
        NodeInfo self = node("a", "eu-west", 0, false);
        p.heartbeat(self);
        ConferencePin pin = p.pinIfAbsent("ongoing", "eu-west");

        redis.stop();
        assertEveryCallUnavailable(p, self);

        redis.restart(); // same port, empty data set
        eventually("the placement reconnects by itself", () -> works(() -> p.heartbeat(self)));
        p.renew(List.of("ongoing"), "a"); // restores the pin the empty Redis lost
        assertEquals(pin.nodeId(), p.pinOf("ongoing").orElseThrow().nodeId());
        assertEquals("a", p.pinIfAbsent("new-one", "eu-west").nodeId());
        assertEquals(Set.of("a"), ids(p.liveNodes()));
    }

    @Test
    void placementCreatedWhileRedisIsDownConnectsOnceItIsUp() throws Exception {
        redis.stop();
        RedisRegionPlacement p = placement("a", RegionTable.empty());
        NodeInfo self = node("a", "eu-west", 0, false);
        assertEveryCallUnavailable(p, self);

        redis.restart();
        eventually("the placement connects", () -> works(() -> p.heartbeat(self)));
        assertEquals("a", p.pinIfAbsent("c", "eu-west").nodeId());
    }

    @Test
    void withRedisHungEveryCallGivesUpAfterTheCommandTimeout() throws Exception {
        RedisRegionPlacement p = placement("a", RegionTable.empty(), RedisRegionPlacement.DEFAULT_PIN_TTL,
                RedisRegionPlacement.DEFAULT_NODE_TTL, HUNG_TIMEOUT);
        NodeInfo self = node("a", "eu-west", 0, false);
        p.heartbeat(self);

        redis.freeze();
        try {
            assertEveryCallUnavailable(p, self);
        } finally {
            redis.thaw();
        }
        eventually("calls work again", () -> works(() -> p.heartbeat(self)));
        assertEquals("a", p.pinIfAbsent("c", "eu-west").nodeId());
    }

    /**
     * Each call must throw {@link PlacementUnavailableException}; the thread running them is abandoned if they hang
     * (a generous bound: the point is "does not hang", not how fast).
     */
    private static void assertEveryCallUnavailable(RedisRegionPlacement p, NodeInfo self) throws Exception {
        List<Runnable> calls = List.of(
                () -> p.heartbeat(self),
                p::liveNodes,
                () -> p.pinIfAbsent("new", "eu-west"),
                () -> p.pinOf("ongoing"),
                () -> p.renew(List.of("ongoing"), "a"),
                () -> p.release("ended", "a"));
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            for (Runnable call : calls) {
                Future<?> outcome = runner.submit(() -> assertThrows(PlacementUnavailableException.class, call::run));
                outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            runner.shutdownNow();
        }
        assertFalse(works(() -> p.heartbeat(self)));
    }
}
