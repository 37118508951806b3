package io.meridian.server.ice;

/**
 * Why {@link IceLiteResponder} accepted or refused a STUN datagram, so the caller can count drops per cause.
 * Each constant says whether a response is sent.
 */
public enum StunStatus {
    /** Authenticated Binding request; answered with a Binding success response. */
    OK,
    /**
     * Authenticated Binding request from a peer that also claims the controlled role (ICE-CONTROLLED). A lite
     * agent is always controlled (RFC 8445 §6.1.1), so it answers 487 Role Conflict and keeps its role
     * (RFC 8445 §7.3.1.1); the full agent then switches to controlling and retries.
     */
    ROLE_CONFLICT,
    /**
     * Binding indication, e.g. an RFC 8445 §11 keepalive. Indications are not authenticated in ICE and get no
     * response (RFC 8489 §6.3.2).
     */
    INDICATION,
    /** Request without USERNAME or MESSAGE-INTEGRITY; answered 400 Bad Request (RFC 8489 §9.1.3). */
    BAD_REQUEST,
    /** USERNAME names no local ufrag we know; answered 401 Unauthenticated (RFC 8489 §9.1.3). */
    UNKNOWN_USER,
    /**
     * USERNAME names a known local ufrag but not the remote ufrag of that session, so the username as a whole is
     * not valid (RFC 8445 §7.2.2); answered 401 Unauthenticated (RFC 8489 §9.1.3).
     */
    WRONG_REMOTE_UFRAG,
    /** MESSAGE-INTEGRITY does not match the local password; answered 401 Unauthenticated (RFC 8489 §9.1.3). */
    BAD_INTEGRITY,
    /** Well-formed STUN, but neither a Binding request nor a Binding indication (e.g. a response); dropped. */
    NOT_A_REQUEST,
    /**
     * Not a valid STUN message, a wrong FINGERPRINT, or a request without the FINGERPRINT that ICE requires on
     * every check (RFC 8445 §7). Dropped without a response: it may not be STUN at all (RFC 8489 §7).
     */
    MALFORMED
}
