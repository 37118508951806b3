package io.meridian.rtp;

import java.util.Arrays;

/**
 * A sender's packets by transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2.1:
 * one counter over every packet of its transport) with their arrival times, kept until a feedback message reports
 * them (§3.1). A ring of {@link #CAPACITY} slots, so memory is bounded and recording allocates nothing. The receiving side's
 * (the node's for each publisher, a scripted peer's for what the node sends it); one thread.
 */
public final class TransportArrivals {
    /** Sequence numbers kept (8 KB in all): with feedback every 50 ms, room for 20,000 packets a second. */
    public static final int CAPACITY = 1 << 10;
    /** Statuses per feedback message: at most 1,195 bytes, within the path MTU once sealed as SRTCP. */
    public static final int MAX_STATUSES = 512;
    public static final int MAX_LENGTH = TransportFeedback.maxLength(MAX_STATUSES);

    private static final int MASK = CAPACITY - 1;
    private static final long NONE = Long.MIN_VALUE;

    private final long[] arrivals = new long[CAPACITY];
    /** Bit {@code slot}: reported. A bit set (128 bytes, which stay cached) rather than a second array of slots. */
    private final long[] reported = new long[CAPACITY / 64];
    private final int[] deltas = new int[MAX_STATUSES];
    private boolean started;
    /** Extended (unwrapped) sequence numbers: the highest arrived, and the first the next feedback covers. */
    private long highest;
    private long start;
    /** Arrivals in [start, highest] no feedback has reported. */
    private int unreported;

    public TransportArrivals() {
        Arrays.fill(arrivals, NONE);
    }

    /** Records the first arrival of {@code sequence}; repeats, and packets too old to report, are ignored. */
    public void arrived(int sequence, long nanos) {
        long s = sequence;
        if (!started) {
            started = true;
            highest = s;
            start = s;
        } else {
            // The extended number nearest the highest: a step of less than half the 16-bit space either way.
            s = highest + (short) (sequence - (int) highest);
            if (s > highest) {
                advance(s);
            } else if (s <= highest - CAPACITY || arrivals[slot(s)] != NONE) {
                return;
            }
        }
        arrivals[slot(s)] = nanos;
        setReported(slot(s), false);
        unreported++;
        if (s < start) {
            start = s; // §3.1: after reordering the base sequence number may go back
        }
    }

    /** Whether packets arrived that no feedback has reported yet. */
    public boolean hasUnreported() {
        return unreported > 0;
    }

    /**
     * Writes the next feedback message into {@code b} at {@code off} (room for {@link #MAX_LENGTH}) and returns its
     * length, 0 when every arrival has been reported. It covers the sequence numbers from the first no feedback
     * covered to the last unreported arrival, those that did not arrive as not received; or fewer, up to
     * {@link #MAX_STATUSES} or to an arrival whose delta needs more than 16 bits (§3.1.5), which begins the next
     * message with its own reference time. Arrivals a feedback already reported are reported as not received when
     * a late packet moves the start back before them (§3.1.1).
     */
    public int writeFeedback(byte[] b, int off, int senderSsrc, int mediaSsrc, int feedbackCount) {
        if (unreported == 0) {
            return 0;
        }
        long first = start;
        while (!unreportedArrival(slot(first))) {
            first++;
        }
        // §3.1: the reference time, in 64 ms, at or before the first arrival; its delta is from there.
        long reference = Math.floorDiv(arrivals[slot(first)], TransportFeedback.REFERENCE_NANOS);
        long last = reference * TransportFeedback.REFERENCE_NANOS;
        int n = 0;
        long s = start;
        for (; n < MAX_STATUSES && unreported > 0; n++, s++) {
            int i = slot(s);
            if (!unreportedArrival(i)) {
                deltas[n] = TransportFeedback.NOT_RECEIVED;
                continue;
            }
            long ticks = ticks(arrivals[i] - last);
            if (ticks < TransportFeedback.MIN_DELTA || ticks > TransportFeedback.MAX_DELTA) {
                break;
            }
            deltas[n] = (int) ticks;
            last += ticks * TransportFeedback.DELTA_NANOS; // the next delta is from the time this one says
            setReported(i, true);
            unreported--;
        }
        int len = TransportFeedback.write(b, off, senderSsrc, mediaSsrc, (int) start, (int) reference, feedbackCount,
                deltas, 0, n);
        start = unreported == 0 ? highest + 1 : s;
        return len;
    }

    private boolean unreportedArrival(int slot) {
        return arrivals[slot] != NONE && (reported[slot >>> 6] & 1L << slot) == 0;
    }

    private void setReported(int slot, boolean value) {
        if (value) {
            reported[slot >>> 6] |= 1L << slot;
        } else {
            reported[slot >>> 6] &= ~(1L << slot);
        }
    }

    /** Moves the highest to {@code s}: the slots in between await their packets; what leaves the ring unreported is lost. */
    private void advance(long s) {
        long oldest = s - CAPACITY + 1;
        if (start < oldest) {
            for (long k = start; k < oldest && k <= highest; k++) {
                if (unreportedArrival(slot(k))) {
                    unreported--;
                }
            }
            start = oldest;
        }
        for (long k = Math.max(highest + 1, oldest); k <= s; k++) {
            arrivals[slot(k)] = NONE;
            setReported(slot(k), false);
        }
        highest = s;
    }

    /** Nanoseconds as 250 µs ticks, rounded half away from zero as libwebrtc rounds them. */
    private static long ticks(long nanos) {
        long half = TransportFeedback.DELTA_NANOS / 2;
        return nanos >= 0 ? (nanos + half) / TransportFeedback.DELTA_NANOS
                : -((half - nanos) / TransportFeedback.DELTA_NANOS);
    }

    private static int slot(long sequence) {
        return (int) sequence & MASK;
    }
}
