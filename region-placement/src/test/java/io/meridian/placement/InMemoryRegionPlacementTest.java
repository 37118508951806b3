package io.meridian.placement;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryRegionPlacementTest {
    private final InMemoryRegionPlacement placement =
            new InMemoryRegionPlacement("node-1", "http://127.0.0.1:8080", Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void firstJoinerRegionWins() {
        ConferencePin first = placement.pinIfAbsent("c1", "eu-west");
        ConferencePin second = placement.pinIfAbsent("c1", "us-east");
        assertEquals("eu-west", first.region());
        assertEquals("eu-west", second.region());
        assertEquals("node-1", second.nodeId());
    }

    @Test
    void releaseAllowsANewPin() {
        placement.pinIfAbsent("c1", "eu-west");
        placement.release("c1", "node-1");
        assertTrue(placement.pinOf("c1").isEmpty());
        assertEquals("us-east", placement.pinIfAbsent("c1", "us-east").region());
    }

    @Test
    void concurrentFirstJoinsAgreeOnOnePin() throws Exception {
        Set<String> regions = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String region = "r" + i;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                regions.add(placement.pinIfAbsent("race", region).region());
            });
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, regions.size());
    }
}
