package io.meridian.router;

import java.util.Arrays;

/**
 * Sequence numbers for a receiver's stream some of whose packets the node leaves out on purpose (layers above the
 * receiver's: an SVC spatial or temporal layer, a VP8 temporal layer). A packet left out must leave no gap: the
 * receiver would take it for loss, NACK it and wait for it (RFC 4585 §6.2.1), and libwebrtc's packet buffer holds
 * back frames behind a gap. So every packet sent is numbered on from the last one sent, and the number of packets
 * left out so far is remembered per source sequence number, for a packet that comes late or is asked for again,
 * and per receiver number, for the receiver's NACKs (mediasoup's SeqManager, LiveKit's RTPMunger keep the same).
 * <p>
 * Numbers here are "compact": the source's sequence number less the packets left out before it; the caller adds its
 * own offset (the one continuing the receiver's stream across source switches). A packet newer than any before
 * moves the window on; numbers skipped over (lost or reordered upstream) keep the count of their time, so the
 * receiver still sees a real loss and a late packet its place. A late packet left out can no longer close its gap.
 * Loop-confined; allocates nothing after construction.
 */
final class SequenceRenumber {
    /** Source sequence numbers remembered: about a second of video at high rates, as the retransmission cache. */
    static final int WINDOW = 1024;
    private static final int MASK = WINDOW - 1;
    /** {@link #removedAt} of a packet left out. */
    private static final int LEFT_OUT = -1;

    /** Per source sequence number mod WINDOW: the number in the slot (-1: none), and the count removed before it. */
    private final int[] sourceAt = new int[WINDOW];
    private final int[] removedAt = new int[WINDOW];
    /** Per source sequence number mod WINDOW: the marker bit it was sent with (the filter may have set it). */
    private final boolean[] markerAt = new boolean[WINDOW];
    /** Per compact number mod WINDOW: the compact number in the slot (-1: none), and its source sequence number. */
    private final int[] compactAt = new int[WINDOW];
    private final int[] sourceOfCompact = new int[WINDOW];
    private int newest = -1;
    /** Packets left out so far, mod 2^16. */
    private int removed;

    SequenceRenumber() {
        reset();
    }

    /** A new source: nothing is known of its numbers. */
    void reset() {
        Arrays.fill(sourceAt, -1);
        Arrays.fill(compactAt, -1);
        newest = -1;
        removed = 0;
    }

    /**
     * A packet with source sequence number {@code seq} is sent, with {@code marker}: returns its compact number, or
     * -1 when it is too old to number, or was left out before (a late copy of it must stay out too).
     */
    int forward(int seq, boolean marker) {
        int before;
        if (isNew(seq)) {
            advanceTo(seq);
            before = removed;
        } else {
            int slot = seq & MASK;
            if (sourceAt[slot] != seq || removedAt[slot] == LEFT_OUT) {
                return -1;
            }
            before = removedAt[slot];
        }
        note(seq, before);
        markerAt[seq & MASK] = marker;
        int compact = (seq - before) & 0xFFFF;
        compactAt[compact & MASK] = compact;
        sourceOfCompact[compact & MASK] = seq;
        return compact;
    }

    /** A packet with source sequence number {@code seq} is left out. */
    void leaveOut(int seq) {
        if (isNew(seq)) {
            advanceTo(seq);
            removed = (removed + 1) & 0xFFFF;
        }
        note(seq, LEFT_OUT);
    }

    /** The compact number a packet sent before got, for sending it again; -1 when not sent or forgotten. */
    int compactOf(int seq) {
        int slot = seq & MASK;
        if (sourceAt[slot] != seq || removedAt[slot] == LEFT_OUT) {
            return -1;
        }
        int compact = (seq - removedAt[slot]) & 0xFFFF;
        return sourceOf(compact) == seq ? compact : -1;
    }

    /** The marker bit the packet with source sequence number {@code seq} was sent with (see {@link #compactOf}). */
    boolean markerOf(int seq) {
        return markerAt[seq & MASK];
    }

    /** The source sequence number of the packet sent with {@code compact}, -1 when none or forgotten. */
    int sourceOf(int compact) {
        int slot = compact & MASK;
        return compactAt[slot] == compact ? sourceOfCompact[slot] : -1;
    }

    private boolean isNew(int seq) {
        if (newest < 0) {
            return true;
        }
        int ahead = (seq - newest) & 0xFFFF;
        return ahead != 0 && ahead < 0x8000;
    }

    /** Moves the window on to {@code seq}: the numbers skipped over keep the count of now. */
    private void advanceTo(int seq) {
        if (newest >= 0) {
            int skipped = Math.min((seq - newest - 1) & 0xFFFF, WINDOW);
            for (int i = skipped; i >= 1; i--) {
                note((seq - i) & 0xFFFF, removed);
            }
        }
        newest = seq;
    }

    private void note(int seq, int removedBefore) {
        int slot = seq & MASK;
        sourceAt[slot] = seq;
        removedAt[slot] = removedBefore;
    }
}
