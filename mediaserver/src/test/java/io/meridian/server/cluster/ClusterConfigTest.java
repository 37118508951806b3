package io.meridian.server.cluster;

import io.meridian.server.config.ConfigException;
import io.meridian.server.config.ConfigLoader;
import io.meridian.server.config.MeridianConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster settings: flags, environment, defaults and the checks that name the bad key. */
class ClusterConfigTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void withoutARedisUrlTheNodeIsAlone() {
        MeridianConfig c = ConfigLoader.load(List.of("--dev"), Map.of());
        assertFalse(c.cluster().clustered());
        assertEquals(Duration.ofSeconds(10), c.cluster().pinTtl());
        assertEquals(Duration.ofSeconds(2), c.cluster().heartbeat());
        assertEquals(Duration.ofSeconds(1), c.cluster().redisTimeout());
        assertEquals(List.of("eu"), c.cluster().nearest().preferenceFor("eu"));
    }

    @Test
    void flagsAndEnvironmentJoinACluster() {
        MeridianConfig flags = ConfigLoader.load(List.of("--dev", "--redis-url", "redis://127.0.0.1:6379",
                "--node-id", "eu-1", "--region", "eu", "--regions-nearest", "eu=us"), Map.of());
        assertEquals(Optional.of("redis://127.0.0.1:6379"), flags.cluster().redisUrl());
        assertEquals(List.of("eu", "us"), flags.cluster().nearest().preferenceFor("eu"));
        assertEquals("http://127.0.0.1:8080", flags.cluster().effectiveApiUrl(flags.httpHost(), 8080, false));

        MeridianConfig env = ConfigLoader.load(List.of(), Map.of("MERIDIAN_CLUSTER_REDIS_URL", "redis://10.0.0.9:6379",
                "MERIDIAN_HTTP_HOST", "0.0.0.0", "MERIDIAN_MEDIA_PUBLIC_ADDRESS", "203.0.113.7",
                "MERIDIAN_CLUSTER_API_URL", "https://eu-1.example.net:8443/", "MERIDIAN_AUTH_SECRET", SECRET,
                "MERIDIAN_CLUSTER_PIN_TTL_SECONDS", "6", "MERIDIAN_CLUSTER_HEARTBEAT_SECONDS", "2",
                "MERIDIAN_CLUSTER_REDIS_TIMEOUT_MS", "2500"));
        assertTrue(env.cluster().clustered());
        assertEquals(Optional.of("https://eu-1.example.net:8443"), env.cluster().apiUrl());
        assertEquals("https://eu-1.example.net:8443", env.cluster().effectiveApiUrl("0.0.0.0", 8080, true));
        assertEquals(Duration.ofSeconds(6), env.cluster().pinTtl());
        assertEquals(Duration.ofMillis(2500), env.cluster().redisTimeout());
    }

    @Test
    void badClusterSettingsAreRefusedByName() {
        assertMessage("cluster.api-url is required", () -> ConfigLoader.load(List.of("--redis-url",
                "redis://10.0.0.9:6379", "--http-host", "0.0.0.0", "--media-host", "127.0.0.1",
                "--auth-secret", SECRET), Map.of()));
        assertMessage("cluster.heartbeat-seconds", () -> ConfigLoader.load(List.of("--dev", "--redis-url",
                "redis://127.0.0.1:6379", "--cluster-pin-ttl-seconds", "5", "--cluster-heartbeat-seconds", "2"),
                Map.of()));
        assertMessage("cluster.redis-timeout-ms", () -> ConfigLoader.load(List.of("--dev",
                "--cluster-redis-timeout-ms", "0"), Map.of()));
        assertMessage("cluster.redis-url", () -> ConfigLoader.load(List.of("--dev", "--redis-url", "10.0.0.9"),
                Map.of()));
        assertMessage("cluster.api-url", () -> ConfigLoader.load(List.of("--dev", "--cluster-api-url",
                "http://host:1/path"), Map.of()));
        assertMessage("regions.nearest", () -> ConfigLoader.load(List.of("--dev", "--regions-nearest", "eu"),
                Map.of()));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable load) {
        ConfigException e = assertThrows(ConfigException.class, load);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
