package io.meridian.rtp;

/**
 * Generic NACK (RFC 4585 §6.2.1): after the 12-byte feedback header, FCI words of a packet id (PID) and a bitmask of
 * the 16 following lost packets (BLP, bit i = PID + i + 1).
 */
public final class GenericNack {
    /** Feedback header: V/P/FMT, PT, length, sender SSRC, media SSRC. */
    public static final int HEADER_LENGTH = 12;
    public static final int FCI_LENGTH = 4;
    /** Sequence numbers one FCI word can name. */
    public static final int PER_FCI = 17;

    private GenericNack() {
    }

    /** FCI words in a NACK packet of {@code plen} bytes. */
    public static int fciCount(int plen) {
        return Math.max(0, (plen - HEADER_LENGTH) / FCI_LENGTH);
    }

    /** Calls {@code lost} with each sequence number FCI word {@code i} names, in increasing order; returns how many. */
    public static int forEachLost(byte[] b, int off, int i, IntSink lost) {
        int at = off + HEADER_LENGTH + i * FCI_LENGTH;
        int pid = Bytes.u16(b, at);
        int blp = Bytes.u16(b, at + 2);
        lost.accept(pid);
        int n = 1;
        for (int bit = 0; bit < 16; bit++) {
            if ((blp & (1 << bit)) != 0) {
                lost.accept((pid + bit + 1) & 0xFFFF);
                n++;
            }
        }
        return n;
    }

    /**
     * Writes a NACK naming {@code seqs[0..count)} (each within 16 of the first of its word, as {@link #forEachLost}
     * gives them back); returns its length. The caller leaves room for {@code HEADER_LENGTH + count * FCI_LENGTH}.
     */
    public static int write(byte[] b, int off, int senderSsrc, int mediaSsrc, int[] seqs, int count) {
        int words = 0;
        int at = off + HEADER_LENGTH;
        int pid = -1;
        int blp = 0;
        for (int k = 0; k < count; k++) {
            int seq = seqs[k] & 0xFFFF;
            int delta = pid < 0 ? -1 : (seq - pid) & 0xFFFF;
            if (delta >= 1 && delta <= 16) {
                blp |= 1 << (delta - 1);
                continue;
            }
            if (delta == 0) {
                continue;
            }
            if (pid >= 0) {
                Bytes.put16(b, at, pid);
                Bytes.put16(b, at + 2, blp);
                at += FCI_LENGTH;
                words++;
            }
            pid = seq;
            blp = 0;
        }
        if (pid >= 0) {
            Bytes.put16(b, at, pid);
            Bytes.put16(b, at + 2, blp);
            words++;
        }
        RtcpPacket.writeNackHeader(b, off, senderSsrc, mediaSsrc, words);
        return HEADER_LENGTH + words * FCI_LENGTH;
    }

    /** Receives sequence numbers without boxing. */
    @FunctionalInterface
    public interface IntSink {
        void accept(int value);
    }
}
