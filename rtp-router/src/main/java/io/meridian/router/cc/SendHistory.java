package io.meridian.router.cc;

import io.meridian.router.DownStream;
import io.meridian.router.SendObserver;
import io.meridian.rtp.TransportSequenceNumber;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * When and how big each packet the node sent one receiver was, by its transport-wide sequence number, for reading
 * that receiver's transport-cc feedback. A ring of the last {@link #CAPACITY} packets, written by the loop that
 * sends to the receiver and read by the conference's loop, which gets its feedback; the two differ for a receiver of
 * a spread fan-out. Each slot is a small seqlock: the writer marks it empty, fills it, then publishes the sequence
 * number (release); a reader that sees the same number before and after reading the slot read a whole entry.
 */
final class SendHistory implements SendObserver {
    static final int CAPACITY = 4096;
    private static final int MASK = CAPACITY - 1;
    private static final int EMPTY = -1;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(int[].class);

    private final int extensionId;
    private final int[] sequences = new int[CAPACITY];
    private final long[] sent = new long[CAPACITY];
    private final int[] sizes = new int[CAPACITY];
    private final int[] clusters = new int[CAPACITY];
    /** The probe cluster what is sent now belongs to (0 = none): set by the {@link Prober} around its burst. */
    int probeCluster;

    /** What {@link #find} read: the entry's send time, size and probe cluster. */
    long foundSent;
    int foundSize;
    int foundCluster;

    SendHistory(int extensionId) {
        this.extensionId = extensionId;
        java.util.Arrays.fill(sequences, EMPTY);
    }

    @Override
    public void onSend(DownStream to, byte[] out, int off, int len, long nanos) {
        int seq = TransportSequenceNumber.read(out, off, len, extensionId);
        if (seq >= 0) {
            int i = seq & MASK;
            SLOT.setRelease(sequences, i, EMPTY);
            VarHandle.storeStoreFence(); // the slot reads empty before any of it changes
            sent[i] = nanos;
            sizes[i] = len;
            clusters[i] = probeCluster;
            SLOT.setRelease(sequences, i, seq);
        }
    }

    /** Reads the entry of {@code seq} into the {@code found} fields; false when it is not (or no longer) held. */
    boolean find(int seq) {
        int i = seq & MASK;
        if ((int) SLOT.getAcquire(sequences, i) != seq) {
            return false;
        }
        foundSent = sent[i];
        foundSize = sizes[i];
        foundCluster = clusters[i];
        VarHandle.loadLoadFence(); // the entry was read before the check that it did not change
        return (int) SLOT.getAcquire(sequences, i) == seq;
    }
}
