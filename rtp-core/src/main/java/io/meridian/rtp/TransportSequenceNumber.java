package io.meridian.rtp;

/**
 * The transport-wide sequence number header extension (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): a
 * 16-bit counter the sender increments for every RTP packet of the transport, whatever its stream (§2.1), carried as
 * an RFC 8285 element of two bytes (§2.2, {@code L=1}) under the id the session negotiated.
 */
public final class TransportSequenceNumber {
    /** §2.2: the element's data is the sequence number alone. */
    public static final int LENGTH = 2;

    private TransportSequenceNumber() {
    }

    /** The packet's transport-wide sequence number under extension {@code id}, or -1 when it carries none. */
    public static int read(byte[] b, int off, int len, int id) {
        int at = RtpPacket.extensionData(b, off, len, id, LENGTH);
        return at < 0 ? -1 : Bytes.u16(b, at);
    }
}
