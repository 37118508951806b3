package io.meridian.server.ice;

import java.util.Arrays;

import org.ice4j.StunException;
import org.ice4j.attribute.Attribute;
import org.ice4j.message.Message;

/**
 * A STUN message decoded by ice4j, together with the exact bytes it came from (MESSAGE-INTEGRITY is checked over
 * those bytes).
 *
 * <p>ice4j's {@link Message#decode} is lenient and its attribute loop assumes the message starts at index 0 of the
 * array, so {@link #parse} first applies the RFC 8489 §6.3 header checks (top two bits zero, magic cookie, length
 * a multiple of four and equal to the datagram's remainder: one UDP datagram carries one message) and hands ice4j a
 * zero-based copy. ice4j itself verifies FINGERPRINT while decoding and throws on a mismatch (RFC 8489 §14.7), and
 * ignores every attribute after MESSAGE-INTEGRITY except FINGERPRINT (RFC 8489 §14.5).
 */
record StunDatagram(Message message, byte[] bytes) {

    private static final int HEADER_LENGTH = 20;
    private static final int FINGERPRINT_LENGTH = 8;
    private static final int MAGIC_COOKIE = 0x2112A442;

    /** Decodes {@code len} bytes at {@code off}; returns {@code null} for anything that is not valid STUN. */
    static StunDatagram parse(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < HEADER_LENGTH || off > buf.length - len) {
            return null;
        }
        if ((buf[off] & 0xC0) != 0) {
            return null;
        }
        int bodyLength = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        if ((bodyLength & 3) != 0 || bodyLength != len - HEADER_LENGTH) {
            return null;
        }
        int cookie = ((buf[off + 4] & 0xFF) << 24) | ((buf[off + 5] & 0xFF) << 16)
                | ((buf[off + 6] & 0xFF) << 8) | (buf[off + 7] & 0xFF);
        if (cookie != MAGIC_COOKIE) {
            // RFC 3489 peers cannot do ICE; refusing them also keeps ice4j out of its 16-byte-id compatibility mode.
            return null;
        }
        byte[] bytes = off == 0 && len == buf.length ? buf : Arrays.copyOfRange(buf, off, off + len);
        try {
            return new StunDatagram(Message.decode(bytes, 0, len), bytes);
        } catch (StunException | RuntimeException e) {
            // ice4j signals bad attributes with StunException but overruns and odd lengths with unchecked
            // exceptions; both mean the same thing here: not a message we can trust.
            return null;
        }
    }

    /**
     * Whether the message ends with a FINGERPRINT (which ice4j has already verified). ICE requires it on every
     * check and response (RFC 8445 §7), and it must be the last attribute (RFC 8489 §14.7).
     */
    boolean endsWithFingerprint() {
        Attribute fingerprint = message.getAttribute(Attribute.FINGERPRINT);
        return fingerprint != null && fingerprint.getLocationInMessage() == bytes.length - FINGERPRINT_LENGTH;
    }
}
