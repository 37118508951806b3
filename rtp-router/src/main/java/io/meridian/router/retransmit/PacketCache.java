package io.meridian.router.retransmit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The last packets of one published video stream, as first received (decrypted, before any receiver's rewrite),
 * for answering receivers' NACKs (RFC 4585 §6.2.1): the one place the node keeps a copy. Bounded in packets (slots
 * indexed by sequence number), in bytes and in age.
 *
 * <p>The copies are written one after the other into a byte ring of the stream's own, which grows (doubling, up to
 * the byte bound) while one turn of it holds less than the age bound: about a second of the stream, whatever its
 * bitrate. A copy is a sequential write and eviction is overwriting; the pooled buffer per packet this replaces cost
 * more than the copy itself (a release of a buffer a second old, and its pool's bookkeeping, per packet). A slot
 * keeps where its copy starts; a copy is held while the ring has not come round over it.
 *
 * <p>{@link #get} and {@link #recent} return a view of the ring, valid until the next {@link #put}: resend it at
 * once, or copy it. Conference loop only.
 */
final class PacketCache {
    /** The ring's first size: a few packets of a quiet stream. */
    static final int MIN_RING_BYTES = 16 * 1024;
    private static final long EMPTY = -1;

    private final int mask;
    private final long maxAgeNanos;
    private final int maxRingBytes;
    /** Per slot: where its copy starts in the ring (absolute, see {@link #head}), or EMPTY. */
    private final long[] starts;
    /** Per slot: arrival time and (sequence number << 16 | length). Side by side: one cache line per packet. */
    private final long[] arrivalAndSeq;
    private byte[] ring;
    private ByteBuf view;
    /** Bytes ever written into the ring, skipped tails included: where the next copy goes (mod the ring's size). */
    private long head;
    /** Copies starting before this have been overwritten (or were lost when the ring grew). */
    private long validFrom;
    /** Where and when the turn being timed began: how long a whole turn lasts decides whether the ring grows. */
    private long turnStartHead;
    private long turnStarted = Long.MIN_VALUE;
    /** The newest sequence number put, extended past wraps (RFC 3550 A.1 style); -1 before the first. */
    private long newest = -1;

    /**
     * @param capacity packets held at most, a power of two
     * @param maxBytes the byte bound: the ring grows to at most this (rounded down to a power of two)
     */
    PacketCache(int capacity, long maxAgeNanos, long maxBytes) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.mask = capacity - 1;
        this.maxAgeNanos = maxAgeNanos;
        this.maxRingBytes = Math.max(MIN_RING_BYTES, Integer.highestOneBit((int) Math.min(1 << 30, maxBytes)));
        this.starts = new long[capacity];
        this.arrivalAndSeq = new long[2 * capacity];
        java.util.Arrays.fill(starts, EMPTY);
    }

    /** Keeps a copy of the packet {@code a[off, off+len)} with sequence number {@code seq}, received at {@code now}. */
    void put(int seq, byte[] a, int off, int len, long now) {
        long ext = extend(seq);
        if (newest >= 0 && ext <= newest - starts.length || len > Math.min(MIN_RING_BYTES, maxRingBytes)) {
            return; // older than anything the slots can hold, or larger than the ring's first size
        }
        if (ring == null) {
            ring = new byte[Math.min(MIN_RING_BYTES, maxRingBytes)];
            view = Unpooled.wrappedBuffer(ring);
        }
        int at = (int) (head & (ring.length - 1));
        if (at + len > ring.length) {
            head += ring.length - at; // copies are contiguous: skip the tail, start the next turn
            at = 0;
        }
        if (at == 0) {
            newTurn(now);
            at = (int) (head & (ring.length - 1));
        }
        System.arraycopy(a, off, ring, at, len);
        int i = seq & mask;
        starts[i] = head;
        arrivalAndSeq[2 * i] = now;
        arrivalAndSeq[2 * i + 1] = (long) seq << 16 | len;
        head += len;
        validFrom = Math.max(validFrom, head - ring.length);
        if (ext > newest) {
            newest = ext;
        }
    }

    /**
     * A turn of the ring begins: if the last one took less than the age bound, the ring holds less than the age
     * bound of this stream, so it doubles (keeping what it holds) while under the byte bound.
     */
    private void newTurn(long now) {
        if (turnStarted != Long.MIN_VALUE && head - turnStartHead < ring.length) {
            return; // half a turn of a ring that just grew: time the whole turn
        }
        if (turnStarted != Long.MIN_VALUE && now - turnStarted < maxAgeNanos && ring.length < maxRingBytes) {
            byte[] grown = new byte[ring.length * 2];
            for (long p = Math.max(validFrom, head - ring.length); p < head; ) {
                int from = (int) (p & (ring.length - 1));
                int n = (int) Math.min(head - p, ring.length - from);
                System.arraycopy(ring, from, grown, (int) (p & (grown.length - 1)), n);
                p += n;
            }
            ring = grown;
            view = Unpooled.wrappedBuffer(ring);
        }
        turnStartHead = head;
        turnStarted = now;
    }

    /**
     * The packet with sequence number {@code seq} if held and younger than the age bound, else null: a view of the
     * ring, valid until the next {@link #put}.
     */
    ByteBuf get(int seq, long now) {
        int i = seq & mask;
        if (!holdsSlot(i, seq) || now - arrivalAndSeq[2 * i] > maxAgeNanos) {
            return null;
        }
        int at = (int) (starts[i] & (ring.length - 1));
        return view.setIndex(at, at + (int) (arrivalAndSeq[2 * i + 1] & 0xFFFF));
    }

    /** The packet {@code back} before the newest one put, as {@link #get} gives it. */
    ByteBuf recent(int back, long now) {
        return newest < back ? null : get((int) ((newest - back) & 0xFFFF), now);
    }

    /** Whether {@code seq} is held, whatever its age (a repair of it would be a duplicate). */
    boolean holds(int seq) {
        return holdsSlot(seq & mask, seq);
    }

    /** Whether {@code seq} is older than anything the slots can hold (a repair of it comes too late to matter). */
    boolean tooOld(int seq) {
        return newest >= 0 && extend(seq) <= newest - starts.length;
    }

    /** Bytes of the packets held (tests and diagnostics: a scan of every slot). */
    long bytes() {
        long bytes = 0;
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] != EMPTY && starts[i] >= validFrom) {
                bytes += arrivalAndSeq[2 * i + 1] & 0xFFFF;
            }
        }
        return bytes;
    }

    /** The ring's size: what the copies take in memory. */
    int ringBytes() {
        return ring == null ? 0 : ring.length;
    }

    /** Frees the ring (the stream left). */
    void release() {
        ring = null;
        view = null;
        validFrom = head;
        java.util.Arrays.fill(starts, EMPTY);
    }

    private boolean holdsSlot(int i, int seq) {
        return starts[i] != EMPTY && starts[i] >= validFrom && (int) (arrivalAndSeq[2 * i + 1] >>> 16) == seq;
    }

    private long extend(int seq) {
        return newest < 0 ? seq : ExtendedSequence.nearest(seq, newest);
    }
}
