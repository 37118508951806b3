package io.meridian.srtp;

/** The SRTP packet index estimate shared by sender and receiver (RFC 3711 §3.3.1 and Appendix A). */
final class PacketIndex {
    private static final int HALF = 1 << 15;

    private PacketIndex() {
    }

    /**
     * The ROC of a packet with sequence number {@code seq}, given the stream's ROC and highest sequence number so far:
     * one less if it is far ahead of a low highest (it is from before the last wrap), one more if it is far behind a
     * high highest (it is after the next wrap), else the same.
     */
    static int guessRoc(int roc, int highestSeq, int seq) {
        if (highestSeq < HALF) {
            return seq - highestSeq > HALF ? roc - 1 : roc;
        }
        return highestSeq - HALF > seq ? roc + 1 : roc;
    }
}
