package io.meridian.srtp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Node-wide DTLS handshake counters, shared by all sessions of a node. Handshake path only, never media. */
public final class DtlsHandshakeCounters {
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong droppedDatagrams = new AtomicLong();
    private final Map<DtlsFailureReason, AtomicLong> failed = new EnumMap<>(DtlsFailureReason.class);

    public DtlsHandshakeCounters() {
        for (DtlsFailureReason reason : DtlsFailureReason.values()) {
            failed.put(reason, new AtomicLong());
        }
    }

    public long succeeded() {
        return succeeded.get();
    }

    public long failed(DtlsFailureReason reason) {
        return failed.get(reason).get();
    }

    /** Inbound DTLS datagrams dropped because a session's queue was full. */
    public long droppedDatagrams() {
        return droppedDatagrams.get();
    }

    /** A snapshot for metrics export. */
    public Map<DtlsFailureReason, Long> failedByReason() {
        Map<DtlsFailureReason, Long> snapshot = new EnumMap<>(DtlsFailureReason.class);
        failed.forEach((reason, count) -> snapshot.put(reason, count.get()));
        return snapshot;
    }

    void recordSuccess() {
        succeeded.incrementAndGet();
    }

    void recordFailure(DtlsFailureReason reason) {
        failed.get(reason).incrementAndGet();
    }

    void recordDroppedDatagram() {
        droppedDatagrams.incrementAndGet();
    }
}
