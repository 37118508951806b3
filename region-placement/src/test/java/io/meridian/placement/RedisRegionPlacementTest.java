package io.meridian.placement;

import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Choosing, pinning, expiring and releasing against a real Redis. */
class RedisRegionPlacementTest extends RedisPlacementFixture {
    @Test
    void firstWriterWinsAcrossNodesUnderConcurrency() throws Exception {
        List<String> regions = List.of("eu-west", "us-east", "ap-south", "sa-east");
        List<RedisRegionPlacement> nodes = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            RedisRegionPlacement p = placement("n" + i, RegionTable.empty());
            p.heartbeat(node("n" + i, regions.get(i), 0, false));
            nodes.add(p);
        }
        int callersPerNode = 3;
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size() * callersPerNode);
        try {
            for (int round = 0; round < 100; round++) {
                String conference = "race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<ConferencePin>> answers = new ArrayList<>();
                int caller = 0;
                for (RedisRegionPlacement p : nodes) {
                    for (int c = 0; c < callersPerNode; c++) {
                        String region = regions.get((round + caller++) % regions.size());
                        answers.add(pool.submit(() -> {
                            go.await();
                            return p.pinIfAbsent(conference, region);
                        }));
                    }
                }
                go.countDown();
                Set<ConferencePin> distinct = new HashSet<>();
                for (Future<ConferencePin> answer : answers) {
                    distinct.add(answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
                }
                assertEquals(1, distinct.size(), "round " + round + ": " + distinct);
                ConferencePin pin = distinct.iterator().next();
                assertEquals(pin, nodes.get(round % nodes.size()).pinOf(conference).orElseThrow());
                assertEquals(regions.get(Integer.parseInt(pin.nodeId().substring(1))), pin.region());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void leastLoadedNonDrainingNodeOfTheRequestedRegionIsChosen() {
        RedisRegionPlacement p = placement("a", RegionTable.empty());
        p.heartbeat(node("a", "eu-west", 5, false));
        p.heartbeat(node("b", "eu-west", 2, false));
        p.heartbeat(node("c", "eu-west", 0, true));
        p.heartbeat(node("d", "us-east", 0, false));

        ConferencePin pin = p.pinIfAbsent("standup", "eu-west");

        assertEquals("b", pin.nodeId());
        assertEquals("eu-west", pin.region());
        assertEquals("http://b:8080", pin.apiUrl());
        assertEquals(pin, p.pinOf("standup").orElseThrow());
        assertEquals(4, p.liveNodes().size());
    }

    @Test
    void drainingNodeNeverGetsANewConference() {
        RedisRegionPlacement p = placement("drainer", RegionTable.parse("eu-west=us-east"));
        p.heartbeat(node("drainer", "eu-west", 0, true));
        p.heartbeat(node("busy", "us-east", 50, false));
        for (int i = 0; i < 20; i++) {
            assertEquals("busy", p.pinIfAbsent("conf-" + i, "eu-west").nodeId());
        }

        RedisRegionPlacement noFallback = placement("other", RegionTable.empty());
        assertThrows(NoNodeAvailableException.class, () -> noFallback.pinIfAbsent("lonely", "eu-west"));
        assertTrue(noFallback.pinOf("lonely").isEmpty());
    }

    @Test
    void nearestRegionWithAUsableNodeIsUsedAndReported() {
        RedisRegionPlacement p = placement("x", RegionTable.parse("eu-west=eu-central,us-east; us-east=eu-west"));
        p.heartbeat(node("far", "us-east", 0, false));
        p.heartbeat(node("near", "eu-central", 9, false));
        p.heartbeat(node("near-draining", "eu-central", 0, true));

        ConferencePin pin = p.pinIfAbsent("c1", "eu-west");
        assertEquals("eu-central", pin.region());
        assertEquals("near", pin.nodeId());

        p.heartbeat(node("near", "eu-central", 9, true));
        ConferencePin next = p.pinIfAbsent("c2", "eu-west");
        assertEquals("us-east", next.region());
        assertEquals("far", next.nodeId());

        assertThrows(NoNodeAvailableException.class, () -> p.pinIfAbsent("c3", "ap-south"));
    }

    @Test
    void laterJoinsFromAnyRegionGetTheFirstJoinersPin() {
        RedisRegionPlacement eu = placement("eu", RegionTable.empty());
        RedisRegionPlacement us = placement("us", RegionTable.empty());
        eu.heartbeat(node("eu", "eu-west", 0, false));
        us.heartbeat(node("us", "us-east", 0, false));

        ConferencePin first = us.pinIfAbsent("all-hands", "eu-west");
        assertEquals("eu", first.nodeId());
        assertEquals(first, eu.pinIfAbsent("all-hands", "us-east"));
        assertEquals(first, us.pinIfAbsent("all-hands", "us-east"));
    }

    @Test
    void nodeEntryExpiresWhenHeartbeatsStop() throws Exception {
        RedisRegionPlacement p = placement("a", RegionTable.empty(), RedisRegionPlacement.DEFAULT_PIN_TTL,
                SHORT_TTL);
        p.heartbeat(node("a", "eu-west", 0, false));
        p.heartbeat(node("b", "eu-west", 0, false));
        // Membership of the node set does not expire by itself (only entries do), so this holds however slow we are.
        RedisCommands<String, String> inspect = inspector();
        assertTrue(inspect.smembers(RedisRegionPlacement.NODES_KEY).containsAll(Set.of("a", "b")));

        // Keep "a" alive, let "b" go silent.
        eventually("b's entry expires", () -> {
            p.heartbeat(node("a", "eu-west", 0, false));
            return ids(p.liveNodes()).equals(Set.of("a"));
        });
        eventually("b is pruned from the node set", () -> !inspect.smembers(RedisRegionPlacement.NODES_KEY).contains("b"));
        assertEquals("a", p.pinIfAbsent("c", "eu-west").nodeId());
    }

    @Test
    void pinSurvivesWhileRenewedAndExpiresWhenTheHostStops() throws Exception {
        // Long enough that no scheduling stall of a loaded machine outlasts it between a renewal and the checks.
        Duration ttl = Duration.ofSeconds(3);
        RedisRegionPlacement host = placement("host", RegionTable.empty(), ttl, ttl);
        RedisRegionPlacement other = placement("other", RegionTable.empty(), ttl, ttl);
        host.heartbeat(node("host", "eu-west", 0, false));
        ConferencePin pin = other.pinIfAbsent("weekly", "eu-west");
        assertEquals("host", pin.nodeId());

        // Renewing every 100 ms keeps the pin for two of its lifetimes.
        RedisCommands<String, String> inspect = inspector();
        long until = System.nanoTime() + ttl.multipliedBy(2).toNanos();
        while (System.nanoTime() < until) {
            host.renew(List.of("weekly"), "host");
            assertTrue(inspect.pttl(RedisRegionPlacement.pinKey("weekly")) > 0);
            assertEquals(pin, other.pinOf("weekly").orElseThrow());
            Thread.sleep(100);
        }

        // The host dies: nobody renews, its entry and its pin expire, and the next joiner re-pins elsewhere.
        other.heartbeat(node("other", "eu-west", 0, false));
        eventually("the dead host's pin expires", () -> other.pinOf("weekly").isEmpty());
        eventually("the dead host's entry expires", () -> {
            other.heartbeat(node("other", "eu-west", 0, false));
            return ids(other.liveNodes()).equals(Set.of("other"));
        });
        assertEquals("other", other.pinIfAbsent("weekly", "eu-west").nodeId());
    }

    @Test
    void renewByAnotherNodeDoesNotExtendThePin() {
        RedisRegionPlacement a = placement("a", RegionTable.empty());
        RedisRegionPlacement b = placement("b", RegionTable.empty());
        a.heartbeat(node("a", "eu-west", 0, false));
        b.heartbeat(node("b", "us-east", 0, false));
        assertEquals("a", b.pinIfAbsent("c", "eu-west").nodeId());
        RedisCommands<String, String> inspect = inspector();
        String key = RedisRegionPlacement.pinKey("c");
        inspect.pexpire(key, 5_000);

        b.renew(List.of("c"), "b");
        assertTrue(inspect.pttl(key) <= 5_000);
        assertEquals("a", b.pinOf("c").orElseThrow().nodeId());

        a.renew(List.of("c"), "a");
        assertTrue(inspect.pttl(key) > 5_000);
    }

    @Test
    void pinExpiresWhenItsHostStopsRenewingEvenIfOthersRenewTheirs() throws Exception {
        RedisRegionPlacement a = placement("a", RegionTable.empty(), SHORT_TTL, RedisRegionPlacement.DEFAULT_NODE_TTL);
        // b's own pins live long, so the last check below does not depend on how soon it runs after b's renewal.
        RedisRegionPlacement b = placement("b", RegionTable.empty(), RedisRegionPlacement.DEFAULT_PIN_TTL,
                RedisRegionPlacement.DEFAULT_NODE_TTL);
        a.heartbeat(node("a", "eu-west", 0, false));
        b.heartbeat(node("b", "us-east", 0, false));
        assertEquals("a", a.pinIfAbsent("on-a", "eu-west").nodeId());
        assertEquals("b", b.pinIfAbsent("on-b", "us-east").nodeId());

        eventually("a's pin expires while b renews its own", () -> {
            b.renew(List.of("on-b"), "b");
            return b.pinOf("on-a").isEmpty();
        });
        assertEquals("b", a.pinOf("on-b").orElseThrow().nodeId());
    }

    @Test
    void onlyTheHostRestoresThePinOfARunningConferenceAfterRedisLostIt() {
        RedisRegionPlacement a = placement("a", RegionTable.empty());
        RedisRegionPlacement b = placement("b", RegionTable.empty());
        a.heartbeat(node("a", "eu-west", 0, false));
        b.heartbeat(node("b", "us-east", 0, false));
        assertEquals("a", a.pinIfAbsent("c", "eu-west").nodeId());
        assertEquals("a", a.pinIfAbsent("ended", "eu-west").nodeId());
        a.release("ended", "a");

        inspector().flushall(); // as a Redis restarted without persistence would

        b.renew(List.of("c"), "a"); // b knows nothing of a: cannot restore a's pin
        assertTrue(a.pinOf("c").isEmpty());
        a.renew(List.of("c", "ended"), "a"); // "ended" races with its release: not brought back
        ConferencePin restored = b.pinOf("c").orElseThrow();
        assertEquals("a", restored.nodeId());
        assertEquals("eu-west", restored.region());
        assertEquals("http://a:8080", restored.apiUrl());
        assertTrue(b.pinOf("ended").isEmpty());
        b.heartbeat(node("b", "us-east", 0, false));
        assertEquals(restored, b.pinIfAbsent("c", "us-east"));
    }

    @Test
    void releaseByANonOwnerDoesNothing() {
        RedisRegionPlacement a = placement("a", RegionTable.empty());
        RedisRegionPlacement b = placement("b", RegionTable.empty());
        a.heartbeat(node("a", "eu-west", 0, false));
        ConferencePin pin = b.pinIfAbsent("c", "eu-west");

        b.release("c", "b");
        assertEquals(pin, a.pinOf("c").orElseThrow());

        a.release("c", "a");
        assertTrue(b.pinOf("c").isEmpty());
        a.release("c", "a"); // already gone: nothing to do
    }

    @Test
    void closeWithdrawsTheNodesEntry() {
        RedisRegionPlacement a = placement("a", RegionTable.empty());
        RedisRegionPlacement b = placement("b", RegionTable.empty());
        a.heartbeat(node("a", "eu-west", 0, false));
        b.heartbeat(node("b", "eu-west", 3, false));
        a.close();
        assertEquals(Set.of("b"), ids(b.liveNodes()));
        a.close(); // idempotent
    }
}
