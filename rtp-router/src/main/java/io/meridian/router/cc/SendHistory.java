package io.meridian.router.cc;

import io.meridian.router.DownStream;
import io.meridian.router.SendObserver;
import io.meridian.rtp.TransportSequenceNumber;

/**
 * When and how big each packet the node sent one receiver was, by its transport-wide sequence number, for reading
 * that receiver's transport-cc feedback. A ring of the last {@link #CAPACITY} packets; the sending loop's.
 */
final class SendHistory implements SendObserver {
    static final int CAPACITY = 4096;
    private static final int MASK = CAPACITY - 1;

    private final int extensionId;
    private final int[] sequences = new int[CAPACITY];
    private final long[] sent = new long[CAPACITY];
    private final int[] sizes = new int[CAPACITY];

    SendHistory(int extensionId) {
        this.extensionId = extensionId;
        java.util.Arrays.fill(sequences, -1);
    }

    @Override
    public void onSend(DownStream to, byte[] out, int off, int len, long nanos) {
        int seq = TransportSequenceNumber.read(out, off, len, extensionId);
        if (seq >= 0) {
            int i = seq & MASK;
            sequences[i] = seq;
            sent[i] = nanos;
            sizes[i] = len;
        }
    }

    /** Whether {@code seq} is still in the ring. */
    boolean knows(int seq) {
        return sequences[seq & MASK] == seq;
    }

    long sentAt(int seq) {
        return sent[seq & MASK];
    }

    int size(int seq) {
        return sizes[seq & MASK];
    }
}
