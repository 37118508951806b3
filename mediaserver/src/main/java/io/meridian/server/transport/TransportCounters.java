package io.meridian.server.transport;

import io.meridian.server.ice.StunStatus;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Datagrams the transport refused before any participant saw them, by reason. */
public final class TransportCounters {
    final AtomicLong unverifiedSource = new AtomicLong();
    final AtomicLong unknownKind = new AtomicLong();
    final AtomicLong stunRejected = new AtomicLong();
    final AtomicLong stunMalformed = new AtomicLong();
    final AtomicLong oversized = new AtomicLong();
    /**
     * ICE-TCP (RFC 6544): connections closed for a frame too long, for media before a check or for never checking,
     * and for a reader that stopped reading.
     */
    final AtomicLong tcpClosedOversized = new AtomicLong();
    final AtomicLong tcpClosedUnchecked = new AtomicLong();
    final AtomicLong tcpClosedStalled = new AtomicLong();
    /** Packets for a TCP participant dropped because its connection's write queue was full (a stalled reader). */
    final AtomicLong tcpWriteQueueFull = new AtomicLong();
    final BatchDelayHistogram batchDelay = new BatchDelayHistogram();
    /** Every STUN datagram by the responder's verdict: ICE checks, not media, so an atomic add each is cheap. */
    private final Map<StunStatus, AtomicLong> stun = new EnumMap<>(StunStatus.class);

    public TransportCounters() {
        for (StunStatus status : StunStatus.values()) {
            stun.put(status, new AtomicLong());
        }
    }

    void countStun(StunStatus status) {
        stun.get(status).incrementAndGet();
    }

    /** STUN datagrams the ICE-lite responder classified as {@code status}. */
    public long stun(StunStatus status) {
        return stun.get(status).get();
    }

    public long unverifiedSource() {
        return unverifiedSource.get();
    }

    public long unknownKind() {
        return unknownKind.get();
    }

    public long stunRejected() {
        return stunRejected.get();
    }

    public long stunMalformed() {
        return stunMalformed.get();
    }

    /** How long each read batch held the media loop, read to flush. */
    public BatchDelayHistogram batchDelay() {
        return batchDelay;
    }

    public long oversized() {
        return oversized.get();
    }

    public long tcpClosedOversized() {
        return tcpClosedOversized.get();
    }

    public long tcpClosedUnchecked() {
        return tcpClosedUnchecked.get();
    }

    public long tcpClosedStalled() {
        return tcpClosedStalled.get();
    }

    public long tcpWriteQueueFull() {
        return tcpWriteQueueFull.get();
    }
}
