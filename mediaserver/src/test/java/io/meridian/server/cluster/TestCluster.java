package io.meridian.server.cluster;

import io.meridian.placement.testing.RedisServerProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real redis-server and node processes on loopback: eu-1 and eu-2 in region "eu", us-1 in region "us", every node
 * falling back to "us" then "eu" for region "ap" (which has no node). Nodes start in parallel. Close it in a finally
 * block or an {@code @AfterAll}: it kills every process.
 */
final class TestCluster implements AutoCloseable {
    static final String EU = "eu";
    static final String US = "us";
    static final String NEAREST = "ap=us,eu";

    final RedisServerProcess redis;
    private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();

    private TestCluster(RedisServerProcess redis) {
        this.redis = redis;
    }

    /** Starts Redis and the three nodes with the given pin TTL and heartbeat (seconds). */
    static TestCluster start(Path dir, int pinTtlSeconds, int heartbeatSeconds) throws IOException {
        TestCluster cluster = new TestCluster(RedisServerProcess.start());
        try {
            String[] extra = {"--cluster-pin-ttl-seconds", Integer.toString(pinTtlSeconds),
                    "--cluster-heartbeat-seconds", Integer.toString(heartbeatSeconds), "--regions-nearest", NEAREST};
            for (String[] node : new String[][] {{"eu-1", EU}, {"eu-2", EU}, {"us-1", US}}) {
                cluster.nodes.put(node[0], ClusterNode.launch(dir, node[0], node[1], cluster.redis.url(), extra));
            }
            for (ClusterNode node : cluster.nodes.values()) {
                node.awaitReady();
            }
            return cluster;
        } catch (IOException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    ClusterNode node(String nodeId) {
        ClusterNode node = nodes.get(nodeId);
        if (node == null) {
            throw new AssertionError("no node " + nodeId);
        }
        return node;
    }

    List<ClusterNode> nodes() {
        return new ArrayList<>(nodes.values());
    }

    /** The node whose media port is {@code port} (the host candidate of a join answer names it). */
    ClusterNode byMediaPort(int port) {
        return nodes.values().stream().filter(n -> n.mediaPort() == port).findFirst()
                .orElseThrow(() -> new AssertionError("no node has media port " + port + "; nodes: " + nodes.values()
                        .stream().map(n -> n.nodeId + "=" + n.mediaPort()).collect(Collectors.joining(", "))));
    }

    String output() {
        return nodes.values().stream().map(ClusterNode::output).collect(Collectors.joining());
    }

    @Override
    public void close() {
        try {
            for (ClusterNode node : nodes.values()) {
                node.close();
            }
        } finally {
            redis.close();
        }
    }
}
