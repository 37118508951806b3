package io.meridian.server.cluster;

import io.meridian.placement.RegionTable;

import java.time.Duration;
import java.util.Optional;

/**
 * The cluster part of a node's configuration. Without a Redis URL the node is alone: placement lives in memory and
 * no heartbeat runs.
 *
 * @param redisUrl  the placement store shared by every node of the cluster
 * @param apiUrl    this node's API base URL as configured ({@code cluster.api-url}); empty means "derive it from
 *                  http.host and the bound port" (see {@link #effectiveApiUrl})
 * @param pinTtl    how long a pin or node entry outlives its node's last heartbeat
 * @param heartbeat how often the node publishes itself and renews its pins
 * @param redisTimeout the bound of one placement call, connecting included: a join fails fast when Redis is gone
 * @param nearest   fallback regions ({@code regions.nearest})
 */
public record ClusterConfig(Optional<String> redisUrl, Optional<String> apiUrl, Duration pinTtl, Duration heartbeat,
                            Duration redisTimeout, RegionTable nearest) {

    /** A single node: no Redis, default timings. */
    public static ClusterConfig single() {
        return new ClusterConfig(Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(2),
                Duration.ofSeconds(1), RegionTable.empty());
    }

    public boolean clustered() {
        return redisUrl.isPresent();
    }

    /** The configured API URL, else {@code http(s)://<httpHost>:<boundPort>}. */
    public String effectiveApiUrl(String httpHost, int boundPort, boolean tls) {
        if (apiUrl.isPresent()) {
            return apiUrl.get();
        }
        String host = httpHost.contains(":") ? "[" + httpHost + "]" : httpHost;
        return (tls ? "https://" : "http://") + host + ":" + boundPort;
    }
}
