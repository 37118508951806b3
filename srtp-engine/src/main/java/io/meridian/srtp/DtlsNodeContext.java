package io.meridian.srtp;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What every DTLS session of a node shares: the node certificate, the small bounded pool that runs the blocking
 * BC handshakes, the handshake timeout, the first retransmission timer and the counters.
 */
public record DtlsNodeContext(DtlsCertificate certificate, Executor handshakeExecutor, Duration handshakeTimeout,
                              Duration firstRetransmission, DtlsHandshakeCounters counters) {
    /**
     * RFC 6347 §4.2.4.1 suggests 1 s (Bouncy Castle's default) before a lost flight is sent again, doubling after each
     * loss; browsers start far lower (libwebrtc derives its timer from the ICE round trip), so on a lossy path a join
     * waits a second for nothing. 200 ms is above any continental round trip plus the peer's handshake CPU, so a
     * flight that is merely slow is seldom sent twice.
     */
    public static final Duration FIRST_RETRANSMISSION = Duration.ofMillis(200);

    public DtlsNodeContext(DtlsCertificate certificate, Executor handshakeExecutor, Duration handshakeTimeout,
                           DtlsHandshakeCounters counters) {
        this(certificate, handshakeExecutor, handshakeTimeout, FIRST_RETRANSMISSION, counters);
    }

    public DtlsNodeContext {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        Objects.requireNonNull(counters, "counters");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("handshakeTimeout must be positive and below 24 days: " + handshakeTimeout);
        }
        if (firstRetransmission.toMillis() < 1 || firstRetransmission.toMillis() > 60_000) {
            throw new IllegalArgumentException("firstRetransmission must be 1 ms to 60 s: " + firstRetransmission);
        }
    }

    int handshakeTimeoutMillis() {
        return (int) handshakeTimeout.toMillis();
    }

    int firstRetransmissionMillis() {
        return (int) firstRetransmission.toMillis();
    }
}
