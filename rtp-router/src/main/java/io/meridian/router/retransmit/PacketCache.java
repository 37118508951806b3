package io.meridian.router.retransmit;

import io.netty.buffer.ByteBuf;

/**
 * The last packets of one published video stream, as first received (decrypted, before any receiver's rewrite),
 * for answering receivers' NACKs (RFC 4585 §6.2.1). Bounded in packets (a ring indexed by sequence number), in bytes
 * and in age. Each packet stays in the pooled buffer it arrived in, retained rather than copied: a copy of every
 * video packet into fresh memory was the larger part of what loss recovery cost per packet. Conference loop only.
 */
final class PacketCache {
    private final int mask;
    private final long maxAgeNanos;
    private final long maxBytes;
    private final ByteBuf[] packets;
    private final int[] sequences;
    private final long[] arrivals;
    private long bytes;
    /** The newest sequence number put, extended past wraps (RFC 3550 A.1 style); -1 before the first. */
    private long newest = -1;
    /** The oldest extended sequence number that may still be held; eviction for bytes starts here. */
    private long oldest;

    /** @param capacity packets held at most, a power of two */
    PacketCache(int capacity, long maxAgeNanos, long maxBytes) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.mask = capacity - 1;
        this.maxAgeNanos = maxAgeNanos;
        this.maxBytes = maxBytes;
        this.packets = new ByteBuf[capacity];
        this.sequences = new int[capacity];
        this.arrivals = new long[capacity];
        java.util.Arrays.fill(sequences, -1);
    }

    /**
     * Keeps {@code packet} (its readable bytes; this takes the caller's reference) with sequence number {@code seq},
     * received at {@code now}.
     */
    void put(int seq, ByteBuf packet, long now) {
        long ext = extend(seq);
        if (newest >= 0 && ext <= newest - packets.length) {
            packet.release();
            return; // older than anything the ring can hold
        }
        int len = packet.readableBytes();
        int i = seq & mask;
        evict(i);
        // Oldest first: whatever is past the age bound (so a slow stream does not keep a ring of stale copies),
        // then whatever the byte bound needs.
        while (oldest < ext && (bytes + len > maxBytes || stale((int) (oldest & mask), now))) {
            evict((int) (oldest++ & mask));
        }
        packets[i] = packet;
        sequences[i] = seq;
        arrivals[i] = now;
        bytes += len;
        if (ext > newest) {
            newest = ext;
            oldest = Math.max(oldest, ext - packets.length + 1);
        }
    }

    /** The packet with sequence number {@code seq} if held and younger than the age bound, else null; not retained. */
    ByteBuf get(int seq, long now) {
        int i = seq & mask;
        if (sequences[i] != seq || packets[i] == null || now - arrivals[i] > maxAgeNanos) {
            return null;
        }
        return packets[i];
    }

    /** The packet {@code back} before the newest one put, as {@link #get} gives it. */
    ByteBuf recent(int back, long now) {
        return newest < back ? null : get((int) ((newest - back) & 0xFFFF), now);
    }

    /** Whether {@code seq} is held, whatever its age (a repair of it would be a duplicate). */
    boolean holds(int seq) {
        int i = seq & mask;
        return sequences[i] == seq && packets[i] != null;
    }

    /** Whether {@code seq} is older than anything the ring can hold (a repair of it comes too late to matter). */
    boolean tooOld(int seq) {
        return newest >= 0 && extend(seq) <= newest - packets.length;
    }

    /** Bytes held now. */
    long bytes() {
        return bytes;
    }

    /** Frees every copy (the stream left). */
    void release() {
        for (int i = 0; i < packets.length; i++) {
            evict(i);
        }
    }

    private boolean stale(int i, long now) {
        return packets[i] == null || now - arrivals[i] > maxAgeNanos;
    }

    private void evict(int i) {
        if (packets[i] != null) {
            bytes -= packets[i].readableBytes();
            packets[i].release();
            packets[i] = null;
            sequences[i] = -1;
        }
    }

    private long extend(int seq) {
        return newest < 0 ? seq : ExtendedSequence.nearest(seq, newest);
    }
}
