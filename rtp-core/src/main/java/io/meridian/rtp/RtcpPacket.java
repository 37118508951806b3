package io.meridian.rtp;

/**
 * RTCP access over raw bytes (RFC 3550 §6, RFC 4585 §6): iterate a compound packet with {@link #next}, read the
 * common header and the fields the SFU needs, and write the few packets it originates. No allocation.
 */
public final class RtcpPacket {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** RFC 4585 §6.1: transport-layer feedback (generic NACK is FMT 1). */
    public static final int RTPFB = 205;
    /** RFC 4585 §6.1: payload-specific feedback (PLI FMT 1, FIR FMT 4 per RFC 5104, REMB FMT 15 as AFB). */
    public static final int PSFB = 206;
    public static final int FMT_NACK = 1;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;

    public static final int PLI_LENGTH = 12;
    public static final int FIR_LENGTH = 20;
    public static final int SR_SENDER_INFO_LENGTH = 28;
    public static final int REPORT_BLOCK_LENGTH = 24;

    private RtcpPacket() {
    }

    /** FMT / report count: the five low bits of the first byte. */
    public static int count(byte[] b, int off) {
        return b[off] & 0x1F;
    }

    public static int packetType(byte[] b, int off) {
        return b[off + 1] & 0xFF;
    }

    /** Total length in bytes of the packet at {@code off}, from its length field (RFC 3550 §6.4.1). */
    public static int lengthBytes(byte[] b, int off) {
        return 4 * (Bytes.u16(b, off + 2) + 1);
    }

    public static int senderSsrc(byte[] b, int off) {
        return Bytes.i32(b, off + 4);
    }

    /** Media source SSRC of a feedback packet (RFC 4585 §6.1). */
    public static int mediaSsrc(byte[] b, int off) {
        return Bytes.i32(b, off + 8);
    }

    /**
     * Checks the packet at {@code off} inside a compound of {@code end}: version 2 and a length that fits. Returns
     * the packet length or -1.
     */
    public static int validate(byte[] b, int off, int end) {
        if (end - off < 4 || ((b[off] >> 6) & 0x3) != 2) {
            return -1;
        }
        int length = lengthBytes(b, off);
        return off + length <= end ? length : -1;
    }

    /** Writes a Picture Loss Indication (RFC 4585 §6.3.1); returns its length. */
    public static int writePli(byte[] b, int off, int senderSsrc, int mediaSsrc) {
        b[off] = (byte) (0x80 | FMT_PLI);
        b[off + 1] = (byte) PSFB;
        Bytes.put16(b, off + 2, 2);
        Bytes.put32(b, off + 4, senderSsrc);
        Bytes.put32(b, off + 8, mediaSsrc);
        return PLI_LENGTH;
    }

    /** Writes a Full Intra Request (RFC 5104 §4.3.1) with one FCI entry; returns its length. */
    public static int writeFir(byte[] b, int off, int senderSsrc, int mediaSsrc, int sequence) {
        b[off] = (byte) (0x80 | FMT_FIR);
        b[off + 1] = (byte) PSFB;
        Bytes.put16(b, off + 2, 4);
        Bytes.put32(b, off + 4, senderSsrc);
        Bytes.put32(b, off + 8, 0);
        Bytes.put32(b, off + 12, mediaSsrc);
        Bytes.put32(b, off + 16, (sequence & 0xFF) << 24);
        return FIR_LENGTH;
    }

    /** Writes the header of a generic NACK (RFC 4585 §6.2.1) whose {@code fciCount} FCI words follow. */
    public static void writeNackHeader(byte[] b, int off, int senderSsrc, int mediaSsrc, int fciCount) {
        b[off] = (byte) (0x80 | FMT_NACK);
        b[off + 1] = (byte) RTPFB;
        Bytes.put16(b, off + 2, 2 + fciCount);
        Bytes.put32(b, off + 4, senderSsrc);
        Bytes.put32(b, off + 8, mediaSsrc);
    }

    /** Writes a receiver report header for {@code blocks} report blocks (RFC 3550 §6.4.2). */
    public static void writeRrHeader(byte[] b, int off, int senderSsrc, int blocks) {
        b[off] = (byte) (0x80 | blocks);
        b[off + 1] = (byte) RR;
        Bytes.put16(b, off + 2, 1 + 6 * blocks);
        Bytes.put32(b, off + 4, senderSsrc);
    }

    /** Writes one report block (RFC 3550 §6.4.1) at {@code off}. */
    public static void writeReportBlock(byte[] b, int off, int ssrc, int fractionLost, int cumulativeLost,
                                        int extendedHighestSeq, int jitter, int lastSr, int delaySinceLastSr) {
        Bytes.put32(b, off, ssrc);
        b[off + 4] = (byte) fractionLost;
        Bytes.put24(b, off + 5, Math.max(-0x800000, Math.min(0x7FFFFF, cumulativeLost)));
        Bytes.put32(b, off + 8, extendedHighestSeq);
        Bytes.put32(b, off + 12, jitter);
        Bytes.put32(b, off + 16, lastSr);
        Bytes.put32(b, off + 20, delaySinceLastSr);
    }
}
