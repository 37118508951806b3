package io.meridian.server.cluster;

import io.meridian.placement.InMemoryRegionPlacement;
import io.meridian.placement.RedisRegionPlacement;
import io.meridian.placement.RegionPlacement;

import java.time.Clock;
import java.time.Duration;

/** Picks the node's placement: Redis when a cluster URL is configured, else in memory (a single node). */
public final class PlacementFactory {
    /** Lettuce's longest pause between reconnection attempts (RedisLink.MAX_RECONNECT_DELAY). */
    private static final Duration RECONNECT_ALLOWANCE = Duration.ofSeconds(1);

    private PlacementFactory() {
    }

    public static RegionPlacement create(ClusterConfig cluster, String nodeId, String apiUrl, Clock clock) {
        if (cluster.redisUrl().isEmpty()) {
            return new InMemoryRegionPlacement(nodeId, apiUrl, clock);
        }
        // Node entries live as long as pins: a dead node stops being chosen when its conferences move.
        RegionPlacement redis = new RedisRegionPlacement(cluster.redisUrl().get(), nodeId, cluster.nearest(),
                cluster.pinTtl(), cluster.pinTtl(), cluster.redisTimeout(), clock);
        // After an outage every hosting node restores its pins within a heartbeat, once it has reconnected.
        Duration restoreWindow = cluster.heartbeat().plus(RECONNECT_ALLOWANCE).plus(cluster.redisTimeout());
        return new OutageGuardedPlacement(redis, restoreWindow, System::nanoTime);
    }
}
