package io.meridian.server.ice;

import java.util.Objects;

/**
 * The ICE short-term credentials of one session, as exchanged in the SDP offer/answer (RFC 8839 §5.4).
 *
 * @param localUfrag  the server's ice-ufrag; first half of the USERNAME in checks it receives (RFC 8445 §7.2.2)
 * @param localPwd    the server's ice-pwd; the MESSAGE-INTEGRITY key of checks it receives and of its responses
 *                    (RFC 8445 §7.2.2, RFC 8489 §9.1.1)
 * @param remoteUfrag the client's ice-ufrag; second half of the USERNAME
 * @param owner       opaque to this package; handed back on a successful check so the caller can find the
 *                    participant without a second lookup
 */
public record IceCredentials(String localUfrag, String localPwd, String remoteUfrag, Object owner) {

    public IceCredentials {
        Objects.requireNonNull(localUfrag, "localUfrag");
        Objects.requireNonNull(localPwd, "localPwd");
        Objects.requireNonNull(remoteUfrag, "remoteUfrag");
        if (localPwd.isEmpty()) {
            // An empty key cannot be used with HMAC-SHA1; RFC 8839 §5.4 requires at least 22 characters anyway.
            throw new IllegalArgumentException("localPwd must not be empty");
        }
    }
}
