package io.meridian.server.ice;

import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.MessageIntegrityAttribute;
import org.ice4j.message.Message;
import org.ice4j.security.CredentialsAuthority;
import org.ice4j.stack.RawMessage;
import org.ice4j.stack.StunStack;

/**
 * Computes and checks MESSAGE-INTEGRITY and FINGERPRINT with ice4j, without ice4j's sockets or transactions.
 *
 * <p>ice4j only reaches a MESSAGE-INTEGRITY key through a {@link StunStack}: {@link Message#encode(StunStack)} asks
 * the stack's {@code CredentialsManager} for {@code getRemoteKey(username, media)} when signing a request and
 * {@code getLocalKey(username)} when signing a response, and {@link StunStack#validateMessageIntegrity} asks for
 * {@code getLocalKey(username)}. So each user of this class registers one {@link CredentialsAuthority} on its own
 * stack. A bare {@code new StunStack()} is cheap and inert: it allocates maps and a {@code NetAccessManager}, but
 * opens no socket and starts no thread until a socket is added or a transaction is sent, neither of which happens
 * here (ice4j's static executors are created lazily-empty; a test asserts no thread appears).
 *
 * <p>Thread-safe: the stack's {@code CredentialsManager} copies its authority list under a lock, and encoding and
 * validation keep no state in the stack.
 */
final class StunIntegrity {

    private final StunStack stack = new StunStack();

    StunIntegrity(CredentialsAuthority authority) {
        stack.getCredentialsManager().registerAuthority(authority);
    }

    /**
     * Encodes {@code message}; a MESSAGE-INTEGRITY attribute in it is keyed by the authority, and ice4j moves
     * MESSAGE-INTEGRITY and FINGERPRINT to the end in that order (RFC 8489 §14.5, §14.7). Returns {@code null} if
     * ice4j cannot encode it, e.g. because the authority no longer knows the key.
     */
    byte[] encode(Message message) {
        try {
            return message.encode(stack);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether {@code datagram}'s MESSAGE-INTEGRITY verifies with the authority's {@code getLocalKey(keyName)}
     * (short-term credentials, RFC 8489 §9.1.3). False when the attribute is missing or the key is unknown.
     */
    boolean verify(StunDatagram datagram, String keyName) {
        Attribute attribute = datagram.message().getAttribute(Attribute.MESSAGE_INTEGRITY);
        if (!(attribute instanceof MessageIntegrityAttribute integrity)) {
            return false;
        }
        byte[] bytes = datagram.bytes();
        // Addresses are unused by validation; ice4j only reads the bytes up to the attribute's location.
        RawMessage raw = RawMessage.build(bytes, bytes.length, null, null);
        try {
            // shortTermCredentialMechanism=false: keyName is already the bare ufrag, so ice4j must not split it.
            return stack.validateMessageIntegrity(integrity, keyName, false, raw);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
