package io.meridian.placement;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.meridian.placement.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** A real redis-server of its own per test (see {@link RedisServerProcess}) and the placements made against it. */
abstract class RedisPlacementFixture {
    static final Duration SHORT_TTL = Duration.ofMillis(300);
    /**
     * Generous, so a cold JVM's first Lettuce calls on a loaded machine never trip it; only the hung-Redis test uses
     * a short bound ({@link #HUNG_TIMEOUT}), as that is what it is about.
     */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);
    static final Duration HUNG_TIMEOUT = Duration.ofSeconds(1);
    /** Only a guard against a hang or a lost expiry: no assertion depends on how fast anything happens. */
    static final Duration PATIENCE = Duration.ofSeconds(20);

    RedisServerProcess redis;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        redis.close();
    }

    RedisRegionPlacement placement(String selfNodeId, RegionTable table, Duration pinTtl, Duration nodeTtl) {
        return placement(selfNodeId, table, pinTtl, nodeTtl, COMMAND_TIMEOUT);
    }

    RedisRegionPlacement placement(String selfNodeId, RegionTable table, Duration pinTtl, Duration nodeTtl,
                                           Duration timeout) {
        RedisRegionPlacement p = new RedisRegionPlacement(redis.url(), selfNodeId, table, pinTtl, nodeTtl,
                timeout, Clock.systemUTC());
        toClose.add(p);
        return p;
    }

    RedisRegionPlacement placement(String selfNodeId, RegionTable table) {
        return placement(selfNodeId, table, RedisRegionPlacement.DEFAULT_PIN_TTL,
                RedisRegionPlacement.DEFAULT_NODE_TTL);
    }

    static NodeInfo node(String id, String region, int load, boolean draining) {
        return new NodeInfo(id, region, "http://" + id + ":8080", List.of("203.0.113.1"), load, draining);
    }

    /** A plain connection to look at the keys themselves. */
    RedisCommands<String, String> inspector() {
        RedisClient client = RedisClient.create(redis.url());
        StatefulRedisConnection<String, String> connection = client.connect();
        toClose.add(() -> {
            connection.close();
            client.shutdown();
        });
        return connection.sync();
    }

    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + PATIENCE.toSeconds() + " s: " + what);
            }
            Thread.sleep(25);
        }
    }

    static boolean works(Runnable call) {
        try {
            call.run();
            return true;
        } catch (PlacementUnavailableException e) {
            return false;
        }
    }

    static Set<String> ids(List<NodeInfo> nodes) {
        Set<String> ids = new HashSet<>();
        nodes.forEach(n -> ids.add(n.nodeId()));
        return ids;
    }
}
