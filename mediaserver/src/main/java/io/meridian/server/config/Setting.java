package io.meridian.server.config;

import io.meridian.api.ApiAuth;
import io.meridian.api.ApiLimits;
import io.meridian.sdp.SdpLimits;

/**
 * Every configuration setting of a node, in one table: its key in a config file, its command-line flag, its
 * environment variable, its default and what it does. The README's settings table mirrors this enum.
 */
public enum Setting {
    DEV("dev", "false", "Development mode: binds loopback, serves the demo page, no tokens. Never for production."),
    HTTP_HOST("http.host", "0.0.0.0", "Address the HTTP/WebSocket API listens on (dev: 127.0.0.1)."),
    HTTP_PORT("http.port", "8080", "TCP port of the HTTP/WebSocket API and the demo page (0 = any free port)."),
    MEDIA_HOST("media.host", "0.0.0.0", "Address the UDP media socket binds (dev: 127.0.0.1)."),
    MEDIA_PORT("media.port", "10000", "The one UDP port for all participants' media (0 = any free port)."),
    MEDIA_TCP_PORT("media.tcp-port", "4443",
            "The one TCP port for ICE-TCP (RFC 6544), advertised as passive candidates below the UDP ones; 0 = off. "
                    + "With media.port 0 and this unset: any free port."),
    MEDIA_SHARED_TCP_PORT("media.shared-tcp-port", "0",
            "One TCP port for both the API (HTTPS/WSS, passed on to http.port) and ICE-TCP, told apart by their first "
                    + "bytes, for clients that reach only one port (e.g. 443); advertised as passive candidates too; 0 = off."),
    MEDIA_LOOPS("media.loops", "0",
            "Media event loops, each a thread with its own socket on media.port; a conference lives on one "
                    + "(0 = one per available processor)."),
    MEDIA_SPREAD_THRESHOLD("media.spread-threshold", "100",
            "Participants a conference has before the RTP of newer ones is sealed and sent by all media loops in "
                    + "turn, not only the conference's (a large broadcast); 0 = never."),
    RETRANSMISSION("retransmission.enabled", "true",
            "Recover lost video at the node: receivers' NACKs answered from a cache (as RTX when negotiated), "
                    + "publishers' RTX taken back into their streams."),
    RETRANSMISSION_CACHE_PACKETS("retransmission.cache-packets", "1024",
            "Packets of each published video stream kept for retransmission (a power of two, at least 16)."),
    RETRANSMISSION_CACHE_MS("retransmission.cache-ms", "1000", "How long a packet is kept for retransmission."),
    CC_TRANSPORT_CC("cc.transport-cc", "true",
            "Negotiate transport-wide congestion control: feedback to publishers and the node's own estimate of each "
                    + "receiver's downlink (false: REMB to publishers, no estimate)."),
    CC_FEEDBACK_MS("cc.feedback-ms", "100", "How often a publisher gets transport-cc feedback, 10-1000 ms."),
    CC_PROBING("cc.probing", "true",
            "Probe receivers' downlinks with bursts of cached video resent as RTX, so their estimates can grow past "
                    + "what they are sent (needs retransmission.enabled)."),
    CC_PROBE_MAX_KBPS("cc.probe-max-kbps", "5000", "No probing once a receiver's estimate reaches this, kbit/s."),
    PUBLIC_ADDRESS("media.public-address", "",
            "Comma-separated addresses put in host candidates; default: media.host (required if that is 0.0.0.0)."),
    REGION("region", "default", "Region of this node; a conference is pinned to its first joiner's region."),
    NODE_ID("node-id", "", "Identifier of this node (default: the host name)."),
    DTLS_CERTIFICATE("dtls.certificate", "", "PEM certificate for DTLS (default: a new ECDSA P-256 one per start)."),
    DTLS_KEY("dtls.key", "", "PEM PKCS#8 private key matching dtls.certificate."),
    DTLS_HANDSHAKE_THREADS("dtls.handshake-threads", "16",
            "Threads running DTLS handshakes (Bouncy Castle's handshake blocks); media never runs there."),
    DTLS_HANDSHAKE_TIMEOUT("dtls.handshake-timeout-seconds", "10", "A participant whose DTLS handshake takes longer is removed."),
    ICE_CONSENT_TIMEOUT("ice.consent-timeout-seconds", "30",
            "A participant sending no STUN check for this long is removed (RFC 7675 consent freshness)."),
    DEMO_PAGE("http.demo-page", "true", "Serve the demo page at /."),
    TLS_CERTIFICATE("http.tls.certificate", "", "PEM certificate (chain) for HTTPS/WSS on the API; TLS 1.2 and 1.3 only."),
    TLS_KEY("http.tls.key", "", "PEM private key matching http.tls.certificate."),
    AUTH_SECRET("auth.secret", "",
            "HS256 secret (at least 32 bytes) that signs API tokens; required outside dev mode. Prefer the environment."),
    TURN_URLS("turn.urls", "",
            "Comma-separated TURN relay URLs given to clients with credentials (turn:HOST:PORT?transport=udp, "
                    + "turn:...?transport=tcp, turns:...); empty: none."),
    TURN_SECRET("turn.secret", "",
            "The relay's shared secret (coturn's static-auth-secret with use-auth-secret) that signs clients' TURN "
                    + "credentials; required with turn.urls. Prefer the environment."),
    TURN_CREDENTIAL_TTL("turn.credential-ttl-seconds", "3600", "How long a client's TURN credentials are good for."),
    DRAIN_GRACE_PERIOD("drain.grace-period-seconds", "3600",
            "On SIGTERM the node drains: it exits when its last call ends or after this many seconds."),
    LOG_FORMAT("log.format", "text", "Log format: text, or json for one JSON object per line."),
    LOG_LEVEL("log.level", "info", "Log level: error, warn, info, debug or trace."),
    CLUSTER_REDIS_URL("cluster.redis-url", "",
            "Redis URL (redis://HOST:PORT) of the cluster's placement store; unset: a single node, placement in memory."),
    CLUSTER_API_URL("cluster.api-url", "",
            "This node's API base URL as other nodes and clients reach it (default http(s)://http.host:port; "
                    + "required in a cluster when http.host is a wildcard)."),
    CLUSTER_PIN_TTL("cluster.pin-ttl-seconds", "10",
            "A conference pin (and node entry) expires this long after its node's last heartbeat."),
    CLUSTER_HEARTBEAT("cluster.heartbeat-seconds", "2",
            "How often a node publishes its load and renews its pins; at most a third of cluster.pin-ttl-seconds."),
    CLUSTER_REDIS_TIMEOUT("cluster.redis-timeout-ms", "1000",
            "Upper bound of one placement call to Redis (connecting included): a join fails with 503 after it."),
    REGIONS_NEAREST("regions.nearest", "",
            "Fallback regions when a region has no usable node: 'eu-west=eu-central,us-east;us-east=us-west'."),
    LIMITS_PARTICIPANTS_PER_CONFERENCE("limits.participants-per-conference", "1024",
            "Participants one conference may have; a join past it is 429 conference_full."),
    LIMITS_CONFERENCES_PER_NODE("limits.conferences-per-node", "1000",
            "Conferences this node hosts at once; a join that would start another is 429 too_many_conferences."),
    LIMITS_JOINS_PER_SECOND_PER_IP("limits.joins-per-second-per-ip",
            String.valueOf(ApiLimits.DEFAULT_JOINS_PER_SECOND_PER_IP),
            "Joins a second from one client address (IPv6: its /64), with a burst of as many; past it 429 "
                    + "too_many_joins with Retry-After; 0 = no limit (dev: 0, every client being loopback)."),
    LIMITS_BODY_BYTES("limits.body-bytes", String.valueOf(ApiLimits.DEFAULT_BODY_BYTES),
            "Largest API request body; a larger one is 413 body_too_large."),
    LIMITS_SDP_MEDIA_LINES("limits.sdp-media-lines", String.valueOf(SdpLimits.DEFAULT_MEDIA_LINES),
            "m-lines of an SDP a client sends, which has one per track it receives too; past it 413 too_many_media."),
    LIMITS_SDP_LINE_LENGTH("limits.sdp-line-length", String.valueOf(SdpLimits.DEFAULT_LINE_LENGTH),
            "Characters of one line of an SDP a client sends; past it 413 line_too_long."),
    LIMITS_TRACKS_PER_PARTICIPANT("limits.tracks-per-participant", String.valueOf(SdpLimits.DEFAULT_PUBLISHED_TRACKS),
            "Tracks one participant may send (a simulcast track is one); an offer with more is 413 too_many_tracks."),
    LIMITS_EVENTS_MESSAGE_BYTES("limits.events-message-bytes", String.valueOf(ApiLimits.DEFAULT_EVENTS_MESSAGE_BYTES),
            "Largest events-socket message; a larger one closes the socket with 1009 (message too big)."),
    LIMITS_EVENTS_MESSAGES_PER_SECOND("limits.events-messages-per-second",
            String.valueOf(ApiLimits.DEFAULT_EVENTS_MESSAGES_PER_SECOND),
            "Frames a second one events socket may send, with a burst of as many; past it the socket is closed "
                    + "with 1008 (policy violation)."),
    LIMITS_TOKEN_LIFETIME("limits.token-lifetime-seconds", String.valueOf(ApiAuth.DEFAULT_MAX_LIFETIME.toSeconds()),
            "How far ahead a token's exp may be; a token expiring later is 401 token_lifetime_too_long.");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Command-line flag: {@code --http-port} for {@code http.port}; a few settings also have short aliases. */
    public String flag() {
        return "--" + key.replace('.', '-');
    }

    /** Environment variable: {@code MERIDIAN_HTTP_PORT} for {@code http.port}. */
    public String environmentVariable() {
        return "MERIDIAN_" + key.replace('.', '_').replace('-', '_').toUpperCase();
    }

    public static Setting byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }
}
