package io.meridian.srtp;

import org.bouncycastle.tls.TlsFatalAlert;

/**
 * Thrown from inside BC's handshake callbacks when Meridian refuses the peer. Being a {@link TlsFatalAlert},
 * BC sends the alert to the peer and rethrows this very object, so the reason survives to the listener.
 */
final class HandshakeRejection extends TlsFatalAlert {
    private final DtlsFailureReason reason;

    HandshakeRejection(DtlsFailureReason reason, short alertDescription, String message) {
        super(alertDescription, message);
        this.reason = reason;
    }

    DtlsFailureReason reason() {
        return reason;
    }
}
