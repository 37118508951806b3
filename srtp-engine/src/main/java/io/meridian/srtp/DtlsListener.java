package io.meridian.srtp;

/**
 * Outcome of one DTLS handshake. Exactly one method is called, once, on a handshake executor thread (or, for
 * {@link DtlsFailureReason#OVERLOADED}, on the thread calling {@code start()}); neither is called if the session
 * was closed locally first.
 */
public interface DtlsListener {
    void onHandshakeComplete(SrtpKeys keys);

    /**
     * @param reason a {@link DtlsFailureReason} name followed by a human-readable detail,
     *               e.g. "FINGERPRINT_MISMATCH: client certificate ... does not match ..."
     */
    void onHandshakeFailed(String reason, Throwable cause);
}
