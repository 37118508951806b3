package io.meridian.router.cc;

import io.meridian.router.DownStream;
import io.meridian.router.SendObserver;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * When and how big each packet the node sent one receiver was, by its transport-wide sequence number, for reading
 * that receiver's transport-cc feedback. A ring of the last {@link #CAPACITY} packets (two seconds at 500 packets a
 * second; feedback comes every 50-250 ms), 16 KB a receiver: each entry a send time and one long packing the sequence
 * number, size and probe cluster. Written by the loop that sends to the receiver and read by the conference's loop,
 * which gets its feedback; the two differ for a receiver of a spread fan-out. Each slot is a small seqlock: the
 * writer marks it empty, fills it, then publishes the packed entry (release); a reader that sees the same entry
 * before and after reading the send time read a whole entry.
 */
final class SendHistory implements SendObserver {
    static final int CAPACITY = 1024;
    private static final int MASK = CAPACITY - 1;
    private static final long EMPTY = -1;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    /**
     * Slot i is {@code entries[2i]}: sequence number (bits 0-15), size (16-31), probe cluster (32-62), never negative
     * so never EMPTY; and {@code entries[2i + 1]}: its send time. Side by side, so recording a packet touches one
     * cache line, not two (the slot was last written a ring ago and is rarely still cached).
     */
    private final long[] entries = new long[2 * CAPACITY];
    /** The probe cluster what is sent now belongs to (0 = none): set by the {@link Prober} around its burst. */
    int probeCluster;

    /** What {@link #find} read: the entry's send time, size and probe cluster. */
    long foundSent;
    int foundSize;
    int foundCluster;

    SendHistory() {
        for (int i = 0; i < CAPACITY; i++) {
            entries[2 * i] = EMPTY;
        }
    }

    @Override
    public void onSend(DownStream to, byte[] out, int off, int len, long nanos) {
        int seq = to.receiver().takeTransportSequence();
        if (seq >= 0) {
            int i = 2 * (seq & MASK);
            SLOT.setRelease(entries, i, EMPTY);
            VarHandle.storeStoreFence(); // the slot reads empty before its send time changes
            entries[i + 1] = nanos;
            SLOT.setRelease(entries, i, (long) (probeCluster & 0x7FFF_FFFF) << 32 | (len & 0xFFFFL) << 16 | seq);
        }
    }

    /** Reads the entry of {@code seq} into the {@code found} fields; false when it is not (or no longer) held. */
    boolean find(int seq) {
        int i = 2 * (seq & MASK);
        long entry = (long) SLOT.getAcquire(entries, i);
        if (entry == EMPTY || (int) (entry & 0xFFFF) != seq) {
            return false;
        }
        foundSent = entries[i + 1];
        VarHandle.loadLoadFence(); // the send time was read before the check that the entry did not change
        if ((long) SLOT.getAcquire(entries, i) != entry) {
            return false;
        }
        foundSize = (int) (entry >>> 16) & 0xFFFF;
        foundCluster = (int) (entry >>> 32);
        return true;
    }
}
