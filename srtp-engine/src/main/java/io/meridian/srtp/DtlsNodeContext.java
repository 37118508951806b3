package io.meridian.srtp;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What every DTLS session of a node shares: the node certificate, the small bounded pool that runs the blocking
 * BC handshakes, the handshake timeout and the counters.
 */
public record DtlsNodeContext(DtlsCertificate certificate, Executor handshakeExecutor, Duration handshakeTimeout,
                              DtlsHandshakeCounters counters) {
    public DtlsNodeContext {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        Objects.requireNonNull(counters, "counters");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("handshakeTimeout must be positive and below 24 days: " + handshakeTimeout);
        }
    }

    int handshakeTimeoutMillis() {
        return (int) handshakeTimeout.toMillis();
    }
}
