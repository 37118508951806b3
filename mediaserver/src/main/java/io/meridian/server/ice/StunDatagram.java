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
 * zero-based copy, and that its attributes lie back to back as their length fields say (§14), as ice4j then reads
 * them. ice4j itself verifies FINGERPRINT while decoding and throws on a mismatch (RFC 8489 §14.7), and ignores
 * every attribute after MESSAGE-INTEGRITY except FINGERPRINT (RFC 8489 §14.5).
 */
record StunDatagram(Message message, byte[] bytes) {

    private static final int HEADER_LENGTH = 20;
    private static final int FINGERPRINT_LENGTH = 8;
    private static final int ATTRIBUTE_HEADER_LENGTH = 4;
    private static final int MAGIC_COOKIE = 0x2112A442;

    /** Decodes {@code len} bytes at {@code off}; returns {@code null} for anything that is not valid STUN. */
    static StunDatagram parse(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < HEADER_LENGTH || off > buf.length - len) {
            return null;
        }
        if ((buf[off] & 0xC0) != 0) {
            return null;
        }
        int bodyLength = u16(buf, off + 2);
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
        if (!attributesFill(bytes)) {
            return null;
        }
        try {
            Message message = Message.decode(bytes, 0, len);
            return readAsLaidOut(message, bytes) ? new StunDatagram(message, bytes) : null;
        } catch (StunException | RuntimeException e) {
            // ice4j signals bad attributes with StunException but overruns and odd lengths with unchecked
            // exceptions; both mean the same thing here: not a message we can trust.
            return null;
        }
    }

    /** RFC 8489 §14: attributes, each a type, a length and its value padded to four bytes, fill the body exactly. */
    private static boolean attributesFill(byte[] bytes) {
        int p = HEADER_LENGTH;
        while (p + ATTRIBUTE_HEADER_LENGTH <= bytes.length) {
            p += ATTRIBUTE_HEADER_LENGTH + (u16(bytes, p + 2) + 3) / 4 * 4;
        }
        return p == bytes.length;
    }

    /**
     * Whether ice4j read every attribute it kept where the layout of {@link #attributesFill} puts one, with the
     * length its header gives. ice4j steps over an attribute by the length it decoded rather than by the length
     * field (an ICE-CONTROLLING declaring 0 bytes is read as 8, and what follows it from the wrong place), so
     * without this a message whose fields disagree would be authenticated as one list of attributes while it lays
     * out another.
     */
    private static boolean readAsLaidOut(Message message, byte[] bytes) {
        for (Attribute attribute : message.getAttributes()) {
            int at = attribute.getLocationInMessage();
            if (!startsAttribute(bytes, at) || u16(bytes, at + 2) != attribute.getDataLength()) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsAttribute(byte[] bytes, int at) {
        int p = HEADER_LENGTH;
        while (p < at) {
            p += ATTRIBUTE_HEADER_LENGTH + (u16(bytes, p + 2) + 3) / 4 * 4;
        }
        return p == at;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
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
