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
 * <p>
 * Until the first packet is left out (for most receivers of most tracks, never) numbers pass unchanged and nothing is
 * written per packet; the tables are made then, and everything before that packet stays numbered as it was.
 * Loop-confined.
 */
final class SequenceRenumber {
    /** Source sequence numbers remembered: about a second of video at high rates, as the retransmission cache. */
    static final int WINDOW = 1024;
    private static final int MASK = WINDOW - 1;
    /** A by-source entry: the source number (bits 0-15), the count left out before it (16-31), and flags. */
    private static final long PRESENT = 1L << 32;
    private static final long LEFT_OUT = 1L << 33;
    private static final long MARKER = 1L << 34;
    /** Per source sequence number mod WINDOW; null while nothing was left out. */
    private long[] bySource;
    /** Per compact number mod WINDOW: the compact number (bits 0-15) and its source number (16-31), PRESENT. */
    private long[] byCompact;
    /** Whether a packet has been left out since the source began, and the first one that was. */
    private boolean active;
    private int firstLeftOut;
    /**
     * Whether numbers from before the first packet left out may still be in the window (they kept their own): until
     * the window has moved past it, after which 16-bit order could no longer tell them apart from new ones.
     */
    private boolean early;
    private int newest;
    /** Packets left out so far, mod 2^16. */
    private int removed;

    /** A new source: nothing is known of its numbers. */
    void reset() {
        active = false;
    }

    /**
     * A packet with source sequence number {@code seq} is sent, with {@code marker}: returns its compact number, or
     * -1 when it is too old to number, or was left out before (a late copy of it must stay out too).
     */
    int forward(int seq, boolean marker) {
        if (!active) {
            return seq;
        }
        int before;
        if (isNew(seq)) {
            advanceTo(seq);
            before = removed;
        } else if (tooOld(seq)) {
            return -1;
        } else if (beforeFirstLeftOut(seq)) {
            return seq;
        } else {
            long entry = bySource[seq & MASK];
            if (!holds(entry, seq) || (entry & LEFT_OUT) != 0) {
                return -1;
            }
            before = (int) (entry >>> 16) & 0xFFFF;
        }
        bySource[seq & MASK] = PRESENT | (marker ? MARKER : 0) | (long) before << 16 | seq;
        int compact = (seq - before) & 0xFFFF;
        byCompact[compact & MASK] = PRESENT | (long) seq << 16 | compact;
        return compact;
    }

    /** A packet with source sequence number {@code seq} is left out. */
    void leaveOut(int seq) {
        if (!active) {
            activate(seq);
        }
        if (isNew(seq)) {
            advanceTo(seq);
            removed = (removed + 1) & 0xFFFF;
            bySource[seq & MASK] = PRESENT | LEFT_OUT | seq;
        } else if (!tooOld(seq) && !beforeFirstLeftOut(seq)) {
            bySource[seq & MASK] |= LEFT_OUT;
        }
    }

    /** The compact number a packet sent before got, for sending it again; -1 when not sent or forgotten. */
    int compactOf(int seq) {
        if (!active || beforeFirstLeftOut(seq) && !tooOld(seq)) {
            return seq;
        }
        long entry = bySource[seq & MASK];
        if (!holds(entry, seq) || (entry & LEFT_OUT) != 0) {
            return -1;
        }
        int compact = (seq - ((int) (entry >>> 16) & 0xFFFF)) & 0xFFFF;
        return sourceOf(compact) == seq ? compact : -1;
    }

    /**
     * Whether the packet with source sequence number {@code seq} was sent marked: 1 or 0, or -1 when as the source
     * marked it (sent before anything was left out, when nothing was changed).
     */
    int markerOf(int seq) {
        if (!active || beforeFirstLeftOut(seq)) {
            return -1;
        }
        long entry = bySource[seq & MASK];
        return holds(entry, seq) ? (entry & MARKER) != 0 ? 1 : 0 : -1;
    }

    /** The source sequence number of the packet sent with {@code compact}, -1 when none or forgotten. */
    int sourceOf(int compact) {
        if (!active || early && isBefore(compact, firstLeftOut)) {
            return compact; // numbered as the source numbered it
        }
        long entry = byCompact[compact & MASK];
        return (entry & PRESENT) != 0 && (int) (entry & 0xFFFF) == compact ? (int) (entry >>> 16) & 0xFFFF : -1;
    }

    /** The first packet left out: the tables begin here, everything before kept its own number. */
    private void activate(int seq) {
        if (bySource == null) {
            bySource = new long[WINDOW];
            byCompact = new long[WINDOW];
        } else {
            Arrays.fill(bySource, 0);
            Arrays.fill(byCompact, 0);
        }
        active = true;
        early = true;
        firstLeftOut = seq;
        newest = (seq - 1) & 0xFFFF;
        removed = 0;
    }

    private static boolean holds(long entry, int seq) {
        return (entry & PRESENT) != 0 && (int) (entry & 0xFFFF) == seq;
    }

    private boolean isNew(int seq) {
        int ahead = (seq - newest) & 0xFFFF;
        return ahead != 0 && ahead < 0x8000;
    }

    private boolean tooOld(int seq) {
        return ((newest - seq) & 0xFFFF) >= WINDOW;
    }

    private boolean beforeFirstLeftOut(int seq) {
        return early && isBefore(seq, firstLeftOut);
    }

    /** {@code a} comes before {@code b} in 16-bit sequence order. */
    private static boolean isBefore(int a, int b) {
        int behind = (b - a) & 0xFFFF;
        return behind != 0 && behind < 0x8000;
    }

    /** Moves the window on to {@code seq}: the numbers skipped over keep the count of now. */
    private void advanceTo(int seq) {
        int skipped = Math.min((seq - newest - 1) & 0xFFFF, WINDOW);
        for (int i = skipped; i >= 1; i--) {
            int s = (seq - i) & 0xFFFF;
            bySource[s & MASK] = PRESENT | (long) removed << 16 | s;
        }
        newest = seq;
        if (early && ((seq - firstLeftOut) & 0xFFFF) >= WINDOW) {
            early = false;
        }
    }
}
