package io.meridian.srtp;

/**
 * A receiver's replay list (RFC 3711 §3.3.2) over SRTP packet indices or SRTCP indices (§3.4): the highest index
 * accepted so far and which of the 63 indices behind it were accepted too. An index further behind is refused as too
 * old. RFC 3711 asks for a window of at least 64; jitsi-srtp and libsrtp use 64 too.
 */
final class ReplayWindow {
    private static final int SIZE = 64;

    private long highest;
    /** Bit i set: the index i behind the highest was accepted. */
    private long seen = 1;

    /** The window after its stream's first authentic packet. */
    ReplayWindow(long first) {
        this.highest = first;
    }

    /** Whether {@code index} was accepted before or is too far behind to tell. */
    boolean replayed(long index) {
        long delta = index - highest;
        return delta <= 0 && (-delta >= SIZE || (seen >>> -delta & 1) != 0);
    }

    /** Records an authentic packet: only those move the window (RFC 3711 §3.3.2, step 6). */
    void accept(long index) {
        long delta = index - highest;
        if (delta >= SIZE) {
            seen = 1;
        } else if (delta > 0) {
            seen = seen << delta | 1;
        } else {
            seen |= 1L << -delta;
            return;
        }
        highest = index;
    }
}
