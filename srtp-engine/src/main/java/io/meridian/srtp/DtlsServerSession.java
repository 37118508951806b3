package io.meridian.srtp;

import java.io.IOException;
import java.util.Objects;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;

/**
 * DTLS-SRTP server side of one participant ("a=setup:passive", RFC 5763 §5): waits for the browser's ClientHello,
 * requires a client certificate matching the fingerprint of the participant's SDP offer, negotiates use_srtp and
 * reports the exported {@link SrtpKeys}.
 */
public final class DtlsServerSession extends DtlsSession {
    private final DtlsServerPeer peer;

    /**
     * @param expectedClientFingerprint from the client's "a=fingerprint" SDP attribute
     */
    public DtlsServerSession(DtlsNodeContext node, CertificateFingerprint expectedClientFingerprint,
                             DatagramSender sender, DtlsListener listener) {
        super(node, sender, listener);
        this.peer = new DtlsServerPeer(crypto, node.certificate(),
            Objects.requireNonNull(expectedClientFingerprint, "expectedClientFingerprint"),
            node.handshakeTimeoutMillis(),
            node.firstRetransmissionMillis());
    }

    @Override
    DTLSTransport handshake(DatagramTransport transport) throws IOException {
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        // RFC 6347 §4.2.1 lets a server skip the HelloVerifyRequest cookie exchange: ICE connectivity checks
        // (RFC 8445 §7.2) have already proven the client owns its address, so the extra round trip buys nothing.
        protocol.setVerifyRequests(false);
        return protocol.accept(peer, transport);
    }

    @Override
    SrtpKeys negotiatedKeys() {
        return peer.keys();
    }

    @Override
    public DtlsRole role() {
        return DtlsRole.SERVER;
    }
}
