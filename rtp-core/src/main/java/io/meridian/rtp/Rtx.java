package io.meridian.rtp;

/**
 * RTX, the RTP retransmission payload format (RFC 4588 §4): the retransmitted packet's payload behind its original
 * sequence number (OSN), on the RTX stream's SSRC, sequence and payload type. Both directions rewrite in place.
 */
public final class Rtx {
    public static final int OSN_LENGTH = 2;

    private Rtx() {
    }

    /** Payload bytes of an RTP packet without its padding (RFC 3550 §5.1: the last byte counts it), or -1. */
    public static int payloadLength(byte[] b, int off, int len, int headerLength) {
        int payload = len - headerLength - RtpPacket.paddingLength(b, off, len);
        return payload >= 0 ? payload : -1;
    }

    /**
     * Turns the RTX packet at {@code off} back into the packet it repairs: the OSN becomes its sequence number, the
     * OSN leaves the payload, SSRC and payload type become the primary's. Returns the new length, or -1 when there is
     * no OSN (an RTX packet of padding only, as senders use for probing).
     */
    public static int unwrap(byte[] b, int off, int len, int headerLength, int primarySsrc, int primaryPt) {
        if (payloadLength(b, off, len, headerLength) < OSN_LENGTH) {
            return -1;
        }
        int osn = Bytes.u16(b, off + headerLength);
        int payload = off + headerLength;
        System.arraycopy(b, payload + OSN_LENGTH, b, payload, len - headerLength - OSN_LENGTH);
        RtpPacket.setSequence(b, off, osn);
        RtpPacket.setSsrc(b, off, primarySsrc);
        RtpPacket.setPayloadType(b, off, primaryPt);
        return len - OSN_LENGTH;
    }

    /**
     * Wraps the packet at {@code off} as RTX: its sequence number goes in front of the payload as the OSN, and it
     * takes the RTX stream's SSRC, sequence number and payload type. The caller leaves {@link #OSN_LENGTH} bytes of
     * room after it. Returns the new length.
     */
    public static int wrap(byte[] b, int off, int len, int headerLength, int rtxSsrc, int rtxPt, int rtxSeq) {
        int payload = off + headerLength;
        int osn = RtpPacket.sequence(b, off);
        System.arraycopy(b, payload, b, payload + OSN_LENGTH, len - headerLength);
        Bytes.put16(b, payload, osn);
        RtpPacket.setSequence(b, off, rtxSeq);
        RtpPacket.setSsrc(b, off, rtxSsrc);
        RtpPacket.setPayloadType(b, off, rtxPt);
        return len + OSN_LENGTH;
    }
}
