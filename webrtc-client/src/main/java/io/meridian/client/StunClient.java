package io.meridian.client;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.ice4j.StunException;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.XorMappedAddressAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;

/**
 * The checking side of ICE against a server, for the scripted peer. The client is the full, controlling agent (RFC
 * 8445 §6.1.1: a full agent facing a lite one controls), so it sends ICE-CONTROLLING and nominates with
 * USE-CANDIDATE (RFC 8445 §8.1.1). The same request without USE-CANDIDATE serves as an RFC 7675 consent freshness
 * check.
 *
 * <p>Thread-safe. One instance per ICE session: the tie-breaker is one per agent (RFC 8445 §6.1.1, §7.1.3) and
 * the credentials are those of one offer/answer exchange.
 */
public final class StunClient {

    private static final int TRANSACTION_ID_LENGTH = 12;

    private final String username;
    private final long tieBreaker;
    private final SecureRandom random = new SecureRandom();
    /** The server's password: it signs the requests and the server's responses (RFC 8489 §9.1.3). */
    private final StunKey server;

    /** Creates a client with a random tie-breaker. */
    public StunClient(String serverUfrag, String serverPwd, String clientUfrag) {
        Objects.requireNonNull(serverUfrag, "serverUfrag");
        // RFC 8445 §7.2.2: USERNAME is "receiver-ufrag:sender-ufrag".
        this.username = serverUfrag + ':' + Objects.requireNonNull(clientUfrag, "clientUfrag");
        this.tieBreaker = random.nextLong();
        this.server = new StunKey(serverUfrag, Objects.requireNonNull(serverPwd, "serverPwd"));
    }

    /**
     * Builds a Binding request with USERNAME, PRIORITY, ICE-CONTROLLING, optionally USE-CANDIDATE, then
     * MESSAGE-INTEGRITY keyed with the server's password and FINGERPRINT (RFC 8445 §7.1, §7.2.2).
     *
     * @param priority the priority a peer-reflexive candidate learned from this check would get (RFC 8445 §7.1.1),
     *                 1 to 2^31-1
     * @throws IllegalArgumentException if ice4j rejects the priority
     */
    public BindingRequest bindingRequest(long priority, boolean useCandidate) {
        byte[] transactionId = new byte[TRANSACTION_ID_LENGTH];
        // RFC 8489 §6: transaction ids are cryptographically random so responses cannot be forged blind.
        random.nextBytes(transactionId);
        Request request;
        try {
            request = MessageFactory.createBindingRequest(priority, true, tieBreaker);
            request.setTransactionID(transactionId);
        } catch (StunException e) {
            throw new IllegalArgumentException("ice4j rejected the request: " + e.getMessage(), e);
        }
        request.putAttribute(AttributeFactory.createUsernameAttribute(username));
        if (useCandidate) {
            request.putAttribute(AttributeFactory.createUseCandidateAttribute());
        }
        request.putAttribute(AttributeFactory.createMessageIntegrityAttribute(server.ufrag()));
        request.putAttribute(AttributeFactory.createFingerprintAttribute());
        byte[] bytes = server.encode(request);
        if (bytes == null) {
            throw new IllegalStateException("ice4j could not encode the Binding request");
        }
        return new BindingRequest(bytes, transactionId);
    }

    /**
     * Checks that the datagram is a Binding success response to {@code transactionId}, with a valid FINGERPRINT and
     * a MESSAGE-INTEGRITY keyed with the server's password (RFC 8489 §9.1.4), and returns its
     * XOR-MAPPED-ADDRESS. Empty for anything else, including error responses; never throws on the datagram's
     * content.
     */
    public Optional<InetSocketAddress> mappedAddress(byte[] buf, int off, int len, byte[] transactionId) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return Optional.empty();
        }
        byte[] bytes = StunKey.atZero(buf, off, len);
        Message response = StunKey.decode(bytes, len);
        if (response == null || response.getMessageType() != Message.BINDING_SUCCESS_RESPONSE
                || !Arrays.equals(response.getTransactionID(), transactionId)
                || !server.signed(response, bytes, len)
                || !(response.getAttribute(Attribute.XOR_MAPPED_ADDRESS) instanceof XorMappedAddressAttribute xor)) {
            return Optional.empty();
        }
        try {
            TransportAddress mapped = xor.getAddress(response.getTransactionID());
            return Optional.of(new InetSocketAddress(mapped.getAddress(), mapped.getPort()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
