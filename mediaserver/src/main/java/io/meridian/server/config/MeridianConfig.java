package io.meridian.server.config;

import io.meridian.router.cc.CongestionSettings;
import io.meridian.router.retransmit.RetransmissionSettings;
import io.meridian.sdp.SdpLimits;

import io.meridian.placement.RegionTable;
import io.meridian.server.cluster.ClusterConfig;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The validated, typed configuration of one node. Build it with {@link ConfigLoader} or {@link #devOnLoopback()}. */
public record MeridianConfig(
        boolean dev,
        String httpHost,
        int httpPort,
        String mediaHost,
        int mediaPort,
        int mediaTcpPort,
        int mediaSharedTcpPort,
        int mediaLoops,
        int mediaSpreadThreshold,
        RetransmissionSettings retransmission,
        CongestionSettings congestion,
        List<String> publicAddresses,
        String region,
        String nodeId,
        Optional<Path> dtlsCertificate,
        Optional<Path> dtlsKey,
        int handshakeThreads,
        Duration handshakeTimeout,
        Duration consentTimeout,
        boolean demoPage,
        Optional<Path> tlsCertificate,
        Optional<Path> tlsKey,
        Optional<String> authSecret,
        Duration drainGracePeriod,
        String logFormat,
        String logLevel,
        ClusterConfig cluster,
        List<String> turnUrls,
        Optional<String> turnSecret,
        Duration turnCredentialTtl,
        NodeLimits limits) {

    /** {@link #mediaTcpPort} when there is no ICE-TCP port, and when any free port will do. */
    public static final int TCP_OFF = 0;
    public static final int TCP_ANY_PORT = -1;

    /** HS256 needs a key of at least 256 bits (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String LOOPBACK = "127.0.0.1";

    /** A development node on 127.0.0.1 with free ephemeral HTTP and media ports (tests use this). */
    public static MeridianConfig devOnLoopback() {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        values.put(Setting.DEV, "true");
        values.put(Setting.HTTP_PORT, "0");
        values.put(Setting.MEDIA_PORT, "0");
        return from(values);
    }

    static MeridianConfig from(Map<Setting, String> given) {
        Map<Setting, String> v = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            v.put(s, s.defaultValue());
        }
        boolean dev = bool(Setting.DEV, given.getOrDefault(Setting.DEV, "false"));
        if (dev) {
            // Development mode is loopback-only: API.md allows running without tokens only there.
            v.put(Setting.HTTP_HOST, LOOPBACK);
            v.put(Setting.MEDIA_HOST, LOOPBACK);
            // Every client of a loopback node has the same address: a per-address rate would limit them all as one.
            v.put(Setting.LIMITS_JOINS_PER_SECOND_PER_IP, "0");
        }
        v.putAll(given);
        String httpHost = address(Setting.HTTP_HOST, v.get(Setting.HTTP_HOST));
        String mediaHost = address(Setting.MEDIA_HOST, v.get(Setting.MEDIA_HOST));
        if (dev && (!isLoopback(httpHost) || !isLoopback(mediaHost))) {
            throw new ConfigException("dev mode binds loopback only; http.host and media.host must be loopback addresses");
        }
        List<String> publicAddresses = new ArrayList<>();
        for (String a : v.get(Setting.PUBLIC_ADDRESS).split(",")) {
            if (!a.isBlank()) {
                publicAddresses.add(address(Setting.PUBLIC_ADDRESS, a.trim()));
            }
        }
        if (publicAddresses.isEmpty()) {
            if (isWildcard(mediaHost)) {
                throw new ConfigException("media.public-address is required when media.host is " + mediaHost
                        + ": clients need a concrete address in the host candidates");
            }
            publicAddresses.add(mediaHost);
        }
        String nodeId = v.get(Setting.NODE_ID).isBlank() ? hostName() : v.get(Setting.NODE_ID);
        if (!nodeId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ConfigException("node-id must be 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' or '-'");
        }
        String region = v.get(Setting.REGION);
        if (!region.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new ConfigException("region must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }
        Optional<Path> cert = path(v.get(Setting.DTLS_CERTIFICATE));
        Optional<Path> key = path(v.get(Setting.DTLS_KEY));
        if (cert.isPresent() != key.isPresent()) {
            throw new ConfigException("dtls.certificate and dtls.key must be set together");
        }
        Optional<Path> tlsCert = path(v.get(Setting.TLS_CERTIFICATE));
        Optional<Path> tlsKey = path(v.get(Setting.TLS_KEY));
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            throw new ConfigException("http.tls.certificate and http.tls.key must be set together");
        }
        String secret = v.get(Setting.AUTH_SECRET);
        if (secret.isEmpty() && !dev) {
            throw new ConfigException("auth.secret is required outside dev mode (set MERIDIAN_AUTH_SECRET); "
                    + "only --dev runs without tokens");
        }
        if (!secret.isEmpty() && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new ConfigException("auth.secret must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        String logFormat = oneOf(Setting.LOG_FORMAT, v.get(Setting.LOG_FORMAT), "text", "json");
        String logLevel = oneOf(Setting.LOG_LEVEL, v.get(Setting.LOG_LEVEL), "error", "warn", "info", "debug", "trace");
        int loops = intIn(Setting.MEDIA_LOOPS, v, 0, 1024);
        int mediaPort = port(Setting.MEDIA_PORT, v);
        // A node on any free UDP port (tests, several in one JVM) takes any free TCP port too, unless told one.
        int tcpPort = mediaPort == 0 && !given.containsKey(Setting.MEDIA_TCP_PORT) ? TCP_ANY_PORT
                : port(Setting.MEDIA_TCP_PORT, v);
        return new MeridianConfig(dev, httpHost, port(Setting.HTTP_PORT, v), mediaHost, mediaPort, tcpPort,
                port(Setting.MEDIA_SHARED_TCP_PORT, v),
                loops == 0 ? Runtime.getRuntime().availableProcessors() : loops,
                intIn(Setting.MEDIA_SPREAD_THRESHOLD, v, 0, 1_000_000), retransmission(v), congestion(v), List.copyOf(publicAddresses), region, nodeId, cert, key,
                intIn(Setting.DTLS_HANDSHAKE_THREADS, v, 1, 1024),
                Duration.ofSeconds(intIn(Setting.DTLS_HANDSHAKE_TIMEOUT, v, 1, 300)),
                Duration.ofSeconds(intIn(Setting.ICE_CONSENT_TIMEOUT, v, 5, 3600)),
                bool(Setting.DEMO_PAGE, v.get(Setting.DEMO_PAGE)), tlsCert, tlsKey,
                secret.isEmpty() ? Optional.empty() : Optional.of(secret),
                Duration.ofSeconds(intIn(Setting.DRAIN_GRACE_PERIOD, v, 0, 7 * 24 * 3600)), logFormat, logLevel,
                cluster(v, httpHost), turnUrls(v), turnSecret(v),
                Duration.ofSeconds(intIn(Setting.TURN_CREDENTIAL_TTL, v, 60, 7 * 24 * 3600)), limits(v));
    }

    private static NodeLimits limits(Map<Setting, String> v) {
        SdpLimits sdp = new SdpLimits(intIn(Setting.LIMITS_SDP_MEDIA_LINES, v, 1, 4096),
                intIn(Setting.LIMITS_SDP_LINE_LENGTH, v, 256, 65_536),
                intIn(Setting.LIMITS_TRACKS_PER_PARTICIPANT, v, 1, 1024));
        return new NodeLimits(intIn(Setting.LIMITS_PARTICIPANTS_PER_CONFERENCE, v, 1, 100_000),
                intIn(Setting.LIMITS_CONFERENCES_PER_NODE, v, 1, 1_000_000),
                intIn(Setting.LIMITS_JOINS_PER_SECOND_PER_IP, v, 0, 100_000),
                intIn(Setting.LIMITS_BODY_BYTES, v, 1024, 64 * 1024 * 1024), sdp,
                intIn(Setting.LIMITS_EVENTS_MESSAGE_BYTES, v, 1024, 64 * 1024 * 1024),
                intIn(Setting.LIMITS_EVENTS_MESSAGES_PER_SECOND, v, 1, 100_000),
                Duration.ofSeconds(intIn(Setting.LIMITS_TOKEN_LIFETIME, v, 60, 10 * 366 * 24 * 3600)));
    }

    /** The TURN relay's URLs, each {@code turn:} or {@code turns:} (RFC 7065 §3.1). */
    private static List<String> turnUrls(Map<Setting, String> v) {
        List<String> urls = new ArrayList<>();
        for (String url : v.get(Setting.TURN_URLS).split(",")) {
            String u = url.trim();
            if (u.isEmpty()) {
                continue;
            }
            if (!u.matches("turns?:[^\\s]+")) {
                throw new ConfigException("turn.urls entries must be turn: or turns: URLs (RFC 7065), not '" + u + "'");
            }
            urls.add(u);
        }
        if (!urls.isEmpty() && v.get(Setting.TURN_SECRET).isEmpty()) {
            throw new ConfigException("turn.urls needs turn.secret, the relay's shared secret (set MERIDIAN_TURN_SECRET)");
        }
        return List.copyOf(urls);
    }

    private static Optional<String> turnSecret(Map<Setting, String> v) {
        String secret = v.get(Setting.TURN_SECRET);
        return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
    }

    /** What clients are given to reach this node through a TURN relay (nothing when none is configured). */
    public io.meridian.api.IceServers iceServers() {
        return turnUrls.isEmpty() ? io.meridian.api.IceServers.NONE : new io.meridian.api.IceServers(turnUrls,
                turnSecret.orElseThrow(), turnCredentialTtl, java.time.Clock.systemUTC());
    }

    private static RetransmissionSettings retransmission(Map<Setting, String> v) {
        int packets = intIn(Setting.RETRANSMISSION_CACHE_PACKETS, v, 16, 65_536);
        if (Integer.bitCount(packets) != 1) {
            throw new ConfigException(Setting.RETRANSMISSION_CACHE_PACKETS.key() + " must be a power of two, not "
                    + packets);
        }
        // A full ring of the largest datagrams: the byte bound never cuts the packet bound short.
        return new RetransmissionSettings(bool(Setting.RETRANSMISSION, v.get(Setting.RETRANSMISSION)), packets,
                intIn(Setting.RETRANSMISSION_CACHE_MS, v, 1, 60_000), (long) packets * 2048);
    }

    private static CongestionSettings congestion(Map<Setting, String> v) {
        return new CongestionSettings(bool(Setting.CC_TRANSPORT_CC, v.get(Setting.CC_TRANSPORT_CC)),
                intIn(Setting.CC_FEEDBACK_MS, v, 10, 1000) * 1_000_000L,
                bool(Setting.CC_PROBING, v.get(Setting.CC_PROBING)),
                intIn(Setting.CC_PROBE_MAX_KBPS, v, 100, 1_000_000) * 1000L);
    }

    private static ClusterConfig cluster(Map<Setting, String> v, String httpHost) {
        String redis = v.get(Setting.CLUSTER_REDIS_URL).trim();
        if (!redis.isEmpty() && !redis.matches("rediss?://\\S+")) {
            throw new ConfigException("cluster.redis-url must look like redis://HOST:PORT (or rediss://), not '"
                    + redis + "'");
        }
        Optional<String> apiUrl = Optional.empty();
        String rawApi = v.get(Setting.CLUSTER_API_URL).trim();
        if (!rawApi.isEmpty()) {
            apiUrl = Optional.of(apiUrl(rawApi));
        } else if (!redis.isEmpty() && isWildcard(httpHost)) {
            throw new ConfigException("cluster.api-url is required in a cluster when http.host is " + httpHost
                    + ": other nodes and clients need a concrete address for this node's API");
        }
        int ttl = intIn(Setting.CLUSTER_PIN_TTL, v, 2, 3600);
        int heartbeat = intIn(Setting.CLUSTER_HEARTBEAT, v, 1, 1200);
        if (heartbeat * 3 > ttl) {
            throw new ConfigException("cluster.heartbeat-seconds (" + heartbeat + ") must be at most a third of "
                    + "cluster.pin-ttl-seconds (" + ttl + "), so one late heartbeat never lets a live node's pins expire");
        }
        int redisTimeoutMs = intIn(Setting.CLUSTER_REDIS_TIMEOUT, v, 50, 60_000);
        RegionTable nearest;
        try {
            nearest = RegionTable.parse(v.get(Setting.REGIONS_NEAREST));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("regions.nearest: " + e.getMessage());
        }
        return new ClusterConfig(redis.isEmpty() ? Optional.empty() : Optional.of(redis), apiUrl,
                Duration.ofSeconds(ttl), Duration.ofSeconds(heartbeat), Duration.ofMillis(redisTimeoutMs), nearest);
    }

    /** An absolute http(s) URL with a host and no path, query or fragment; returned without a trailing '/'. */
    private static String apiUrl(String raw) {
        String value = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                return value;
            }
        } catch (java.net.URISyntaxException e) {
            // Reported below with the setting's name.
        }
        throw new ConfigException("cluster.api-url must be an http(s)://HOST[:PORT] base URL, not '" + raw + "'");
    }

    /** Whether API calls need a token: always outside dev mode, and in dev mode when a secret is set. */
    public boolean authRequired() {
        return authSecret.isPresent();
    }

    private static String oneOf(Setting s, String raw, String... allowed) {
        String value = raw.trim().toLowerCase(java.util.Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        throw new ConfigException(s.key() + " must be one of " + String.join(", ", allowed) + ", not '" + raw + "'");
    }

    private static boolean bool(Setting s, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(s.key() + " must be true or false, not '" + value + "'");
    }

    private static int port(Setting s, Map<Setting, String> v) {
        return intIn(s, v, 0, 65535);
    }

    private static int intIn(Setting s, Map<Setting, String> v, int min, int max) {
        String raw = v.get(s).trim();
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(s.key() + " must be a whole number, not '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new ConfigException(s.key() + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    private static String address(Setting s, String raw) {
        String value = raw.trim();
        if (!value.matches("[0-9A-Fa-f:.]+")) {
            throw new ConfigException(s.key() + " must be an IP address, not '" + raw + "'");
        }
        try {
            return InetAddress.getByName(value).getHostAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(s.key() + " must be an IP address, not '" + raw + "'");
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isWildcard(String address) {
        try {
            return InetAddress.getByName(address).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Optional<Path> path(String raw) {
        return raw.isBlank() ? Optional.empty() : Optional.of(Path.of(raw));
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.matches("[A-Za-z0-9_.-]{1,64}") ? name : "meridian";
        } catch (UnknownHostException e) {
            return "meridian";
        }
    }
}
