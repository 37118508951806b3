package io.meridian.server.ice;

import java.util.Objects;

/**
 * What {@link IceLiteResponder} decided about one datagram.
 *
 * @param status       why the datagram was accepted or refused
 * @param response     the datagram to send back to the sender, or {@code null} when the datagram is dropped
 *                     silently; the array is freshly allocated and owned by the caller
 * @param useCandidate whether an authenticated request from the controlling agent nominated this pair
 *                     (USE-CANDIDATE, RFC 8445 §7.3.1.5); only ever true with {@link StunStatus#OK}
 * @param owner        the {@link IceCredentials#owner()} of the session the datagram authenticated against, or
 *                     {@code null} unless the status is {@link StunStatus#OK} or {@link StunStatus#ROLE_CONFLICT}
 */
public record StunOutcome(StunStatus status, byte[] response, boolean useCandidate, Object owner) {

    public StunOutcome {
        Objects.requireNonNull(status, "status");
    }

    static StunOutcome dropped(StunStatus status) {
        return new StunOutcome(status, null, false, null);
    }

    static StunOutcome refused(StunStatus status, byte[] response) {
        return new StunOutcome(status, response, false, null);
    }

    /** Whether the caller must send {@link #response()} back to the sender. */
    public boolean hasResponse() {
        return response != null;
    }
}
