package io.meridian.api;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The ICE servers a client is given for reaching the node through a TURN relay (RFC 8656), with credentials in
 * coturn's TURN REST API scheme ({@code use-auth-secret}, draft-uberti-behave-turn-rest-00 §2.2): the username is
 * {@code <expiry unix time>:<participant>}, the password base64(HMAC-SHA1(shared secret, username)). The relay
 * checks both without asking the node; a credential is good until its expiry, then refused. Immutable.
 */
public final class IceServers {
    /** No TURN relay configured: clients get an empty list. */
    public static final IceServers NONE = new IceServers(List.of(), "", Duration.ofHours(1), Clock.systemUTC());

    private final List<String> urls;
    private final byte[] secret;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param urls   the relay's URLs ({@code turn:host:port?transport=udp}, {@code turns:...}); empty for none
     * @param secret coturn's {@code static-auth-secret}
     * @param ttl    how long a credential is good for
     */
    public IceServers(List<String> urls, String secret, Duration ttl, Clock clock) {
        this.urls = List.copyOf(urls);
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.ttl = ttl;
        this.clock = clock;
        if (!this.urls.isEmpty() && this.secret.length == 0) {
            throw new IllegalArgumentException("TURN URLs need the relay's shared secret");
        }
    }

    /**
     * The hosts of the relay's URLs ({@code turn:HOST:PORT?...}, RFC 7065 §3.1): a participant whose checks come
     * from one of them is relayed (coturn relays from its listening address unless told otherwise).
     */
    public java.util.Set<String> relayHosts() {
        java.util.Set<String> hosts = new java.util.HashSet<>();
        for (String url : urls) {
            String rest = url.substring(url.indexOf(':') + 1);
            int query = rest.indexOf('?');
            rest = query < 0 ? rest : rest.substring(0, query);
            String host = rest.startsWith("[") ? rest.substring(1, Math.max(1, rest.indexOf(']')))
                    : rest.contains(":") ? rest.substring(0, rest.lastIndexOf(':')) : rest;
            hosts.add(host);
        }
        return java.util.Set.copyOf(hosts);
    }

    /** One entry of {@code RTCConfiguration.iceServers} (W3C WebRTC §4.2.1). */
    public record IceServer(List<String> urls, String username, String credential) {
    }

    /** What a client is told: the servers, and for how many seconds their credentials are good. */
    public record IceServersView(List<IceServer> iceServers, long ttlSeconds) {
    }

    /** Fresh credentials for {@code user} (a participant id, or the caller's identity before it joins). */
    public IceServersView forUser(String user) {
        if (urls.isEmpty()) {
            return new IceServersView(List.of(), ttl.toSeconds());
        }
        String username = (clock.instant().getEpochSecond() + ttl.toSeconds()) + ":" + user;
        return new IceServersView(List.of(new IceServer(urls, username, password(username))), ttl.toSeconds());
    }

    /** base64(HMAC-SHA1(secret, username)), as coturn computes it to check a REST API credential. */
    String password(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is part of every JRE", e);
        }
    }
}
