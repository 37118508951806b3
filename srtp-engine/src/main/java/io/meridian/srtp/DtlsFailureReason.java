package io.meridian.srtp;

import java.io.IOException;
import java.io.InterruptedIOException;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;

/** Why a DTLS handshake failed; the key of the failure counters and the first word of the listener's reason. */
public enum DtlsFailureReason {
    /** The peer's leaf certificate does not hash to the fingerprint from its SDP (RFC 5763 §5). */
    FINGERPRINT_MISMATCH,
    /** The peer sent no certificate; WebRTC requires mutual certificate authentication (RFC 8827 §6.5). */
    NO_PEER_CERTIFICATE,
    /** No SRTP protection profile in common, or a malformed use_srtp answer (RFC 5764 §4.1.1). */
    NO_COMMON_SRTP_PROFILE,
    /** The handshake did not finish within the configured timeout. */
    TIMEOUT,
    /** The peer aborted with a fatal alert. */
    PEER_ALERT,
    /**
     * This side aborted: the peer broke the protocol, sent what cannot be parsed, or offered nothing acceptable
     * (cipher suite, version, EMS).
     */
    PROTOCOL_ERROR,
    /** The handshake executor refused the task: the node is overloaded. */
    OVERLOADED,
    /** Anything else: a programming error (an unchecked exception), or the handshake thread interrupted. */
    INTERNAL_ERROR;

    /** Maps what BC's handshake threw to a reason and a readable detail. */
    static String describe(Throwable failure) {
        return of(failure) + ": " + detail(failure);
    }

    static DtlsFailureReason of(Throwable failure) {
        if (failure instanceof HandshakeRejection rejection) {
            return rejection.reason();
        }
        if (failure instanceof TlsTimeoutException) {
            return TIMEOUT;
        }
        if (failure instanceof TlsFatalAlertReceived) {
            return PEER_ALERT;
        }
        if (failure instanceof TlsFatalAlert) {
            return PROTOCOL_ERROR;
        }
        if (failure instanceof IOException && !(failure instanceof InterruptedIOException)) {
            // BC parses some of the peer's bytes without wrapping what goes wrong in an alert: a certificate that
            // is not DER (ASN.1 "unknown tag"), a length running past its message (EOFException). The transport
            // reads a queue and throws nothing else, so the peer's bytes are the cause.
            return PROTOCOL_ERROR;
        }
        return INTERNAL_ERROR;
    }

    private static String detail(Throwable failure) {
        if (failure instanceof TlsFatalAlertReceived received) {
            return "peer sent alert " + AlertDescription.getText(received.getAlertDescription());
        }
        if (failure instanceof TlsFatalAlert alert && !(failure instanceof HandshakeRejection)) {
            return "sent alert " + AlertDescription.getText(alert.getAlertDescription())
                + (alert.getMessage() == null ? "" : " (" + alert.getMessage() + ")");
        }
        return String.valueOf(failure.getMessage());
    }
}
