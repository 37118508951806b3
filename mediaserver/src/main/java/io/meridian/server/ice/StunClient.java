package io.meridian.server.ice;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
import org.ice4j.security.CredentialsAuthority;

/**
 * The checking side of ICE against a Meridian server, for the Java test peer and the load generator. The client is
 * the full, controlling agent (RFC 8445 §6.1.1: a full agent facing a lite one controls), so it sends ICE-CONTROLLING
 * and nominates with USE-CANDIDATE (RFC 8445 §8.1.1). The same request without USE-CANDIDATE serves as an RFC 7675
 * consent freshness check.
 *
 * <p>Thread-safe. One instance per ICE session: the tie-breaker is one per agent (RFC 8445 §6.1.1, §7.1.3) and
 * the credentials are those of one offer/answer exchange.
 */
public final class StunClient {

    private static final int TRANSACTION_ID_LENGTH = 12;

    private final String serverUfrag;
    private final String username;
    private final long tieBreaker;
    private final SecureRandom random = new SecureRandom();
    private final StunIntegrity integrity;

    /** Creates a client with a random tie-breaker. */
    public StunClient(String serverUfrag, String serverPwd, String clientUfrag) {
        this.serverUfrag = Objects.requireNonNull(serverUfrag, "serverUfrag");
        Objects.requireNonNull(serverPwd, "serverPwd");
        // RFC 8445 §7.2.2: USERNAME is "receiver-ufrag:sender-ufrag".
        this.username = serverUfrag + ':' + Objects.requireNonNull(clientUfrag, "clientUfrag");
        this.tieBreaker = random.nextLong();
        this.integrity = new StunIntegrity(new ServerPasswordAuthority(serverUfrag,
                serverPwd.getBytes(StandardCharsets.UTF_8)));
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
        request.putAttribute(AttributeFactory.createMessageIntegrityAttribute(serverUfrag));
        request.putAttribute(AttributeFactory.createFingerprintAttribute());
        byte[] bytes = integrity.encode(request);
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
        StunDatagram datagram = StunDatagram.parse(buf, off, len);
        if (datagram == null || !datagram.endsWithFingerprint()) {
            return Optional.empty();
        }
        Message response = datagram.message();
        if (response.getMessageType() != Message.BINDING_SUCCESS_RESPONSE
                || !Arrays.equals(response.getTransactionID(), transactionId)
                || !integrity.verify(datagram, serverUfrag)
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

    /**
     * Hands ice4j the server's password: as the "remote key" when signing requests and as the "local key" when
     * verifying responses, since responses are signed with the same password as the request (RFC 8489 §9.1.3).
     */
    private record ServerPasswordAuthority(String serverUfrag, byte[] serverPwd) implements CredentialsAuthority {

        @Override
        public byte[] getLocalKey(String ufrag) {
            return serverUfrag.equals(ufrag) ? serverPwd.clone() : null;
        }

        @Override
        public byte[] getRemoteKey(String ufrag, String media) {
            return getLocalKey(ufrag);
        }

        @Override
        public boolean checkLocalUserName(String ufrag) {
            return serverUfrag.equals(ufrag);
        }
    }
}
