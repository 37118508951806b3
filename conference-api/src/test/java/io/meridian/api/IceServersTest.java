package io.meridian.api;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IceServersTest {
    private static final Clock AT = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

    @Test
    void thePasswordIsTheBase64OfTheUsernamesHmacSha1() {
        // RFC 2202 §3, test case 2: HMAC-SHA1("Jefe", "what do ya want for nothing?") = effcdf6a...259a7c79.
        IceServers servers = new IceServers(List.of("turn:192.0.2.1:3478"), "Jefe", Duration.ofHours(1), AT);
        assertEquals("7/zfauXrL6LSdBbV8YTfnCWafHk=", servers.password("what do ya want for nothing?"));
    }

    @Test
    void aUsersCredentialsExpireAfterTheirTimeToLive() {
        List<String> urls = List.of("turn:192.0.2.1:3478?transport=udp", "turn:192.0.2.1:3478?transport=tcp");
        IceServers servers = new IceServers(urls, "secret", Duration.ofMinutes(10), AT);
        IceServers.IceServersView view = servers.forUser("p-abc");
        assertEquals(600, view.ttlSeconds());
        assertEquals(1, view.iceServers().size());
        IceServers.IceServer server = view.iceServers().get(0);
        assertEquals(urls, server.urls());
        assertEquals("1800000600:p-abc", server.username(), "coturn's REST scheme: expiry, a colon, the user");
        assertEquals(servers.password(server.username()), server.credential());
    }

    @Test
    void withoutARelayTheListIsEmptyAndUrlsNeedASecret() {
        assertEquals(List.of(), IceServers.NONE.forUser("p-abc").iceServers());
        assertThrows(IllegalArgumentException.class,
                () -> new IceServers(List.of("turn:192.0.2.1:3478"), "", Duration.ofHours(1), AT));
    }
}
