package io.meridian.router.retransmit;

/**
 * The packets of one published stream that did not arrive, from the gaps in its sequence numbers (RFC 3550 A.1
 * extended numbering), with when the node last asked for each and how often. Bounded: a gap wider than
 * {@link #MAX_GAP} is a sender restart, not loss, and at most {@link #CAPACITY} packets are tracked at once.
 */
final class LossTracker {
    static final int CAPACITY = 256;
    static final int MAX_GAP = 128;

    private final long[] missing = new long[CAPACITY];
    private final long[] askedAt = new long[CAPACITY];
    private final int[] asks = new int[CAPACITY];
    private int count;
    private long highest = -1;

    /**
     * Notes the arrival of {@code seq}; returns how many packets it showed missing (now at the end of the list,
     * from index {@code missingCount() - returned}).
     */
    int arrived(int seq) {
        if (highest < 0) {
            highest = seq;
            return 0;
        }
        long ext = extend(seq);
        if (ext <= highest) {
            remove(ext);
            return 0;
        }
        long gap = ext - highest - 1;
        long from = highest + 1;
        highest = ext;
        if (gap == 0) {
            return 0;
        }
        if (gap > MAX_GAP) {
            count = 0; // a restart or a long outage: nothing worth asking for
            return 0;
        }
        int added = 0;
        for (long s = from; s < ext; s++) {
            if (count == CAPACITY) {
                drop(0);
            }
            missing[count] = s;
            askedAt[count] = Long.MIN_VALUE;
            asks[count] = 0;
            count++;
            added++;
        }
        return added;
    }

    int missingCount() {
        return count;
    }

    /** The 16-bit sequence number of missing packet {@code i}. */
    int sequence(int i) {
        return (int) (missing[i] & 0xFFFF);
    }

    /** Whether packet {@code i} is due to be asked for again at {@code now}. */
    boolean due(int i, long now, long retryNanos) {
        return asks[i] == 0 || now - askedAt[i] >= retryNanos;
    }

    /** Notes that packet {@code i} was asked for at {@code now}. */
    void asked(int i, long now) {
        askedAt[i] = now;
        asks[i]++;
    }

    /** Forgets the packets asked for {@code maxAsks} times already: they are given up. */
    void giveUp(int maxAsks) {
        for (int i = count - 1; i >= 0; i--) {
            if (asks[i] >= maxAsks) {
                drop(i);
            }
        }
    }

    private void remove(long ext) {
        for (int i = 0; i < count; i++) {
            if (missing[i] == ext) {
                drop(i);
                return;
            }
        }
    }

    private void drop(int i) {
        count--;
        System.arraycopy(missing, i + 1, missing, i, count - i);
        System.arraycopy(askedAt, i + 1, askedAt, i, count - i);
        System.arraycopy(asks, i + 1, asks, i, count - i);
    }

    private long extend(int seq) {
        return ExtendedSequence.nearest(seq, highest);
    }
}
