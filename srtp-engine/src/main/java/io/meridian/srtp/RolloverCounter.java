package io.meridian.srtp;

/**
 * One SSRC's rollover counter and highest sequence number (RFC 3711 §3.3.1: ROC starts at 0 and is incremented each
 * time SEQ wraps), with the index estimate of RFC 3711 Appendix A, which sender and receiver share: a sender's
 * retransmission of an older sequence number gets the ROC of its own index, so it still decrypts.
 */
final class RolloverCounter {
    private static final int HALF = 1 << 15;

    private int roc;
    private int highestSeq;

    RolloverCounter(int firstSeq) {
        this.highestSeq = firstSeq;
    }

    /** The index of the highest sequence number so far: ROC * 2^16 + SEQ. */
    long highestIndex() {
        return index(roc, highestSeq);
    }

    /**
     * The ROC of a packet with sequence number {@code seq}: one less if it is far ahead of a low highest (it is from
     * before the last wrap), one more if it is far behind a high highest (after the next wrap), else the same.
     */
    int guess(int seq) {
        if (highestSeq < HALF) {
            return seq - highestSeq > HALF ? roc - 1 : roc;
        }
        return highestSeq - HALF > seq ? roc + 1 : roc;
    }

    /** Takes {@code seq} with the ROC {@link #guess} gave it as the new highest, if it is ahead. */
    void advance(int guessedRoc, int seq) {
        if (guessedRoc == roc + 1 || guessedRoc == roc && seq > highestSeq) {
            roc = guessedRoc;
            highestSeq = seq;
        }
    }

    static long index(int roc, int seq) {
        return (long) roc << 16 | seq;
    }
}
