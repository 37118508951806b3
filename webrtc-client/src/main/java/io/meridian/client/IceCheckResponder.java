package io.meridian.client;

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

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Answers the server's connectivity checks on a peer's socket, as a browser's full ICE agent does (RFC 8445
 * §7.3). Needed for Janus: libnice (0.1.18) sends checks of its own even in ICE-lite mode, and holds DTLS back until
 * one succeeds. This side is the controlling agent (it faces a lite agent, RFC 8445 §6.1.1), and the lite peer is
 * always controlled, so a role conflict (§7.3.1.1) cannot arise and is not handled.
 */
public final class IceCheckResponder {
    private final StunKey local;

    public IceCheckResponder(String localUfrag, String localPwd) {
        this.local = new StunKey(localUfrag, localPwd);
    }

    /**
     * The signed Binding success response to {@code buf[0, len)} when it is a Binding request for this side's
     * ufrag whose MESSAGE-INTEGRITY verifies with this side's password (RFC 8489 §9.1.3); null for anything else.
     */
    public byte[] answer(byte[] buf, int len, InetSocketAddress from) {
        Message message = StunKey.decode(buf, len);
        if (message == null || message.getMessageType() != Message.BINDING_REQUEST
                || !(message.getAttribute(Attribute.USERNAME) instanceof UsernameAttribute user)
                // RFC 8445 §7.2.2: USERNAME is "receiver-ufrag:sender-ufrag"; the receiver is this side.
                || !new String(user.getUsername(), StandardCharsets.UTF_8).startsWith(local.ufrag() + ":")
                || !local.signed(message, buf, len)) {
            return null;
        }
        try {
            // RFC 8445 §7.3.1.2 / RFC 8489 §14.2: reflect the source address; sign with the same password (§9.1.3).
            Response response = MessageFactory.createBindingResponse((Request) message,
                    new TransportAddress(from.getAddress(), from.getPort(), Transport.UDP));
            response.setTransactionID(message.getTransactionID());
            response.putAttribute(AttributeFactory.createMessageIntegrityAttribute(local.ufrag()));
            response.putAttribute(AttributeFactory.createFingerprintAttribute());
            return local.encode(response);
        } catch (StunException | RuntimeException e) {
            return null;
        }
    }
}
