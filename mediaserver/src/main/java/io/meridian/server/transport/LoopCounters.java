package io.meridian.server.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one media loop did: datagrams its socket read, media it handed to or took from other loops, its flushes.
 * Each counter is written by that loop's thread only, with opaque accesses: no lock and no fence per datagram.
 */
public final class LoopCounters {
    final AtomicLong datagramsRead = new AtomicLong();
    final AtomicLong handedOff = new AtomicLong();
    final AtomicLong handoffDropped = new AtomicLong();
    final AtomicLong takenOver = new AtomicLong();
    /** ICE-TCP frames read by this loop's connections (they are packets read, as datagrams are). */
    final AtomicLong tcpFramesRead = new AtomicLong();
    /** Packets read here from a checked address and given to its participant's DTLS handshake. */
    final AtomicLong dtlsDelivered = new AtomicLong();
    /** Packets read here from a checked address and given to its participant's media path (here or by hand-off). */
    final AtomicLong mediaDelivered = new AtomicLong();
    final BatchDelayHistogram batchDelay = new BatchDelayHistogram();

    /** Loop only: adds one to a counter of this loop. */
    static void increment(AtomicLong counter) {
        counter.setOpaque(counter.getOpaque() + 1);
    }

    /** Datagrams this loop's socket read. */
    public long datagramsRead() {
        return datagramsRead.getOpaque();
    }

    /** Media datagrams read here for a participant homed on another loop, and passed to it. */
    public long handedOff() {
        return handedOff.getOpaque();
    }

    /** Media datagrams read here that another loop could not take (its hand-off ring was full). */
    public long handoffDropped() {
        return handoffDropped.getOpaque();
    }

    /** Media datagrams other loops read for this loop's participants. */
    public long takenOver() {
        return takenOver.getOpaque();
    }

    public long tcpFramesRead() {
        return tcpFramesRead.getOpaque();
    }

    public long dtlsDelivered() {
        return dtlsDelivered.getOpaque();
    }

    public long mediaDelivered() {
        return mediaDelivered.getOpaque();
    }

    /** This loop's flushes, as {@link TransportCounters#batchDelay()} is the node's. */
    public BatchDelayHistogram batchDelay() {
        return batchDelay;
    }
}
