package io.meridian.srtp;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;

/**
 * DTLS-SRTP client side ("a=setup:active"), for the Java test peer and the load generator: sends the ClientHello,
 * checks the server certificate against the fingerprint from the server's SDP answer, reports the {@link SrtpKeys}.
 */
public final class DtlsClientSession extends DtlsSession {
    private final DtlsClientPeer peer;

    /**
     * @param expectedServerFingerprint from the server's "a=fingerprint" SDP attribute
     * @param offeredProfiles           SRTP profiles to offer, most preferred first
     */
    public DtlsClientSession(DtlsNodeContext node, CertificateFingerprint expectedServerFingerprint,
                             List<SrtpProfile> offeredProfiles, DatagramSender sender, DtlsListener listener) {
        super(node, sender, listener);
        if (offeredProfiles.isEmpty() || offeredProfiles.stream().distinct().count() != offeredProfiles.size()) {
            throw new IllegalArgumentException("offer one or more distinct SRTP profiles: " + offeredProfiles);
        }
        this.peer = new DtlsClientPeer(crypto, node.certificate(),
            Objects.requireNonNull(expectedServerFingerprint, "expectedServerFingerprint"),
            List.copyOf(offeredProfiles), node.handshakeTimeoutMillis(),
            node.firstRetransmissionMillis());
    }

    @Override
    DTLSTransport handshake(DatagramTransport transport) throws IOException {
        return new DTLSClientProtocol().connect(peer, transport);
    }

    @Override
    SrtpKeys negotiatedKeys() {
        return peer.keys();
    }

    @Override
    public DtlsRole role() {
        return DtlsRole.CLIENT;
    }
}
