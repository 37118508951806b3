package io.meridian.client;

import org.ice4j.StunException;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.message.Message;
import org.ice4j.stack.RawMessage;
import org.ice4j.stack.StunStack;

import java.util.Arrays;

/**
 * One {@link ShortTermCredential} on a private ice4j {@link StunStack}, which is the only way ice4j reaches a
 * MESSAGE-INTEGRITY key: encoding a request asks the stack for {@code getRemoteKey}, encoding a response and
 * validating ask for {@code getLocalKey}. A bare stack opens no socket and starts no thread. Thread-safe.
 */
final class StunKey {
    private static final int HEADER = 20;
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final int FINGERPRINT_LENGTH = 8;

    private final String ufrag;
    private final StunStack stack = new StunStack();

    StunKey(String ufrag, String password) {
        this.ufrag = ufrag;
        stack.getCredentialsManager().registerAuthority(new ShortTermCredential(ufrag, password));
    }

    String ufrag() {
        return ufrag;
    }

    /** {@code message} encoded, its MESSAGE-INTEGRITY keyed with this password; null if ice4j cannot encode it. */
    byte[] encode(Message message) {
        try {
            return message.encode(stack);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The STUN message in {@code bytes[0, len)}, or null unless it has the RFC 8489 header (magic cookie, length
     * filling the datagram) and ends with a FINGERPRINT that ice4j has verified while decoding (§14.7).
     */
    static Message decode(byte[] bytes, int len) {
        if (len < HEADER || (bytes[0] & 0xC0) != 0 || ((bytes[2] & 0xFF) << 8 | bytes[3] & 0xFF) != len - HEADER
                || readInt(bytes, 4) != MAGIC_COOKIE) {
            return null;
        }
        Message message;
        try {
            message = Message.decode(bytes, 0, len);
        } catch (StunException | RuntimeException e) {
            return null;
        }
        Attribute fingerprint = message.getAttribute(Attribute.FINGERPRINT);
        return fingerprint != null && fingerprint.getLocationInMessage() == len - FINGERPRINT_LENGTH ? message : null;
    }

    /** {@code buf[off, off + len)} as an array that starts the message at index 0, as ice4j's decoder requires. */
    static byte[] atZero(byte[] buf, int off, int len) {
        return off == 0 ? buf : Arrays.copyOfRange(buf, off, off + len);
    }

    /** Whether {@code message}, decoded from {@code bytes[0, len)}, has a MESSAGE-INTEGRITY this password signed. */
    boolean signed(Message message, byte[] bytes, int len) {
        if (!(message.getAttribute(Attribute.MESSAGE_INTEGRITY) instanceof MessageIntegrityAttribute integrity)) {
            return false;
        }
        try {
            // false: ufrag is already the bare key name, so ice4j must not split it at ':'.
            return stack.validateMessageIntegrity(integrity, ufrag, false, RawMessage.build(bytes, len, null, null));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | b[off + 3] & 0xFF;
    }
}
