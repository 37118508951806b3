package io.meridian.server.ice;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.ice4j.StunException;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.message.Message;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.security.CredentialsAuthority;

/**
 * Answers ICE connectivity checks as an ICE-lite agent (RFC 8445 §2.5): it never sends checks of its own, it only
 * authenticates incoming Binding requests and answers them, and reports nominations (USE-CANDIDATE) to the caller,
 * which owns the choice of the selected pair and the consent timer (RFC 7675).
 *
 * <p>Thread-safe and stateless apart from the ice4j stack: call {@link #handle} from any event loop. The lookup is
 * consulted up to three times per request (once here, then by ice4j to verify and to sign), so it must be cheap.
 */
public final class IceLiteResponder {

    private static final char BAD_REQUEST = 400;
    private static final char UNAUTHENTICATED = 401;
    private static final char ROLE_CONFLICT = 487;

    private final IceCredentialLookup lookup;
    private final StunIntegrity integrity;

    public IceLiteResponder(IceCredentialLookup lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.integrity = new StunIntegrity(new LocalPasswordAuthority(lookup));
    }

    /**
     * Processes one datagram already classified as {@link PacketKind#STUN}. Never throws on any content of
     * {@code buf}; whatever cannot be parsed is {@link StunStatus#MALFORMED} and dropped.
     *
     * @param from the sender's resolved address, reflected in XOR-MAPPED-ADDRESS (RFC 8445 §7.3.1.2, RFC 8489 §14.2)
     */
    public StunOutcome handle(byte[] buf, int off, int len, InetSocketAddress from) {
        if (from.isUnresolved()) {
            throw new IllegalArgumentException("sender address must be resolved: " + from);
        }
        StunDatagram datagram = StunDatagram.parse(buf, off, len);
        if (datagram == null) {
            return StunOutcome.dropped(StunStatus.MALFORMED);
        }
        Message message = datagram.message();
        char type = message.getMessageType();
        if (type == Message.BINDING_INDICATION) {
            return StunOutcome.dropped(StunStatus.INDICATION);
        }
        if (type != Message.BINDING_REQUEST) {
            return StunOutcome.dropped(StunStatus.NOT_A_REQUEST);
        }
        if (!datagram.endsWithFingerprint()) {
            return StunOutcome.dropped(StunStatus.MALFORMED);
        }
        return answerRequest(datagram, from);
    }

    /** Authentication per RFC 8489 §9.1.3, then the ICE-specific processing of RFC 8445 §7.3. */
    private StunOutcome answerRequest(StunDatagram datagram, InetSocketAddress from) {
        Message request = datagram.message();
        byte[] transactionId = request.getTransactionID();
        Attribute usernameAttribute = request.getAttribute(Attribute.USERNAME);
        if (!(usernameAttribute instanceof UsernameAttribute)
                || !request.containsAttribute(Attribute.MESSAGE_INTEGRITY)) {
            return refuse(StunStatus.BAD_REQUEST, BAD_REQUEST, "Bad Request", transactionId);
        }
        // RFC 8445 §7.2.2: USERNAME is "receiver-ufrag:sender-ufrag", so our own ufrag comes first.
        String username = new String(((UsernameAttribute) usernameAttribute).getUsername(), StandardCharsets.UTF_8);
        int colon = username.indexOf(':');
        IceCredentials credentials = colon > 0 ? lookup.find(username.substring(0, colon)) : null;
        if (credentials == null) {
            return refuse(StunStatus.UNKNOWN_USER, UNAUTHENTICATED, "Unauthenticated", transactionId);
        }
        if (!username.substring(colon + 1).equals(credentials.remoteUfrag())) {
            return refuse(StunStatus.WRONG_REMOTE_UFRAG, UNAUTHENTICATED, "Unauthenticated", transactionId);
        }
        if (!integrity.verify(datagram, credentials.localUfrag())) {
            return refuse(StunStatus.BAD_INTEGRITY, UNAUTHENTICATED, "Unauthenticated", transactionId);
        }
        // A lite agent is always controlled (RFC 8445 §6.1.1) and cannot take the controlling role, so a peer that
        // also claims to be controlled always loses the tie-break (RFC 8445 §7.3.1.1).
        if (request.containsAttribute(Attribute.ICE_CONTROLLED)) {
            return accept(StunStatus.ROLE_CONFLICT, roleConflict(credentials, transactionId), false, credentials);
        }
        // RFC 8445 §7.3.1.5: USE-CANDIDATE from the controlling agent nominates the pair this check arrived on.
        boolean nominated = request.containsAttribute(Attribute.USE_CANDIDATE);
        return accept(StunStatus.OK, success((Request) request, credentials, from), nominated, credentials);
    }

    private StunOutcome accept(StunStatus status, Response response, boolean nominated, IceCredentials credentials) {
        byte[] bytes = integrity.encode(response);
        if (bytes == null) {
            // The session vanished between authentication and signing (the lookup no longer knows the ufrag).
            return StunOutcome.dropped(StunStatus.UNKNOWN_USER);
        }
        return new StunOutcome(status, bytes, nominated, credentials.owner());
    }

    /**
     * Binding success response: XOR-MAPPED-ADDRESS of the sender (RFC 8445 §7.3.1.2, RFC 8489 §14.2), then
     * MESSAGE-INTEGRITY with the same password that authenticated the request (RFC 8489 §9.1.3) and FINGERPRINT
     * (RFC 8445 §7).
     */
    private static Response success(Request request, IceCredentials credentials, InetSocketAddress from) {
        TransportAddress mapped = new TransportAddress(from.getAddress(), from.getPort(), Transport.UDP);
        Response response = MessageFactory.createBindingResponse(request, mapped);
        return signed(response, credentials, request.getTransactionID());
    }

    /** 487 after successful authentication is integrity-protected like a success (RFC 8445 §7.3.1.1). */
    private static Response roleConflict(IceCredentials credentials, byte[] transactionId) {
        Response response = MessageFactory.createBindingErrorResponse(ROLE_CONFLICT, "Role Conflict");
        return signed(response, credentials, transactionId);
    }

    private static Response signed(Response response, IceCredentials credentials, byte[] transactionId) {
        response.putAttribute(AttributeFactory.createMessageIntegrityAttribute(credentials.localUfrag()));
        response.putAttribute(AttributeFactory.createFingerprintAttribute());
        return withTransactionId(response, transactionId);
    }

    /**
     * 400 and 401 carry no MESSAGE-INTEGRITY or USERNAME, since authentication failed (RFC 8489 §9.1.3), but do
     * carry FINGERPRINT so the peer can demultiplex them (RFC 8445 §7).
     */
    private StunOutcome refuse(StunStatus status, char errorCode, String reason, byte[] transactionId) {
        Response response = withTransactionId(MessageFactory.createBindingErrorResponse(errorCode, reason),
                transactionId);
        response.putAttribute(AttributeFactory.createFingerprintAttribute());
        return StunOutcome.refused(status, integrity.encode(response));
    }

    /**
     * Responses echo the request's transaction id (RFC 8489 §6.3.1.1). ice4j only rejects ids that are not 12 or
     * 16 bytes, and {@link StunDatagram} only admits magic-cookie messages, whose ids are always 12 bytes.
     */
    private static Response withTransactionId(Response response, byte[] transactionId) {
        try {
            response.setTransactionID(transactionId);
            return response;
        } catch (StunException e) {
            throw new IllegalStateException("ice4j rejected a 12-byte transaction id", e);
        }
    }

    /**
     * Gives ice4j the server's password for a local ufrag. The lite server never sends requests (RFC 8445 §2.5),
     * so it has no remote keys.
     */
    private record LocalPasswordAuthority(IceCredentialLookup lookup) implements CredentialsAuthority {

        @Override
        public byte[] getLocalKey(String localUfrag) {
            IceCredentials credentials = lookup.find(localUfrag);
            // RFC 8489 §9.1.1: the key is OpaqueString(password); ice-chars (RFC 8839 §5.4) are unchanged by it.
            return credentials == null ? null : credentials.localPwd().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] getRemoteKey(String username, String media) {
            return null;
        }

        @Override
        public boolean checkLocalUserName(String localUfrag) {
            return lookup.find(localUfrag) != null;
        }
    }
}
