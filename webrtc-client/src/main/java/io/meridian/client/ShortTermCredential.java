package io.meridian.client;

import org.ice4j.security.CredentialsAuthority;

import java.nio.charset.StandardCharsets;

/**
 * One ICE short-term credential (RFC 8489 §9.1) as ice4j's {@link CredentialsAuthority}: the password of {@code
 * ufrag}, handed out both as the "local" key (ice4j signs responses and validates with it) and as the "remote" key
 * (it signs requests with it). A peer signs its checks and verifies their answers with the server's password, and
 * signs its answers to the server's checks with its own, so one password serves every direction.
 */
public final class ShortTermCredential implements CredentialsAuthority {
    private final String ufrag;
    private final byte[] password;

    public ShortTermCredential(String ufrag, String password) {
        this.ufrag = ufrag;
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    public String ufrag() {
        return ufrag;
    }

    @Override
    public byte[] getLocalKey(String username) {
        return ufrag.equals(username) ? password.clone() : null;
    }

    @Override
    public byte[] getRemoteKey(String username, String media) {
        return getLocalKey(username);
    }

    @Override
    public boolean checkLocalUserName(String username) {
        return ufrag.equals(username);
    }
}
