package io.meridian.srtp;

import java.io.IOException;
import java.util.Arrays;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** BC's view of Meridian as a DTLS-SRTP server: the policy of {@link DtlsServerSession}, run by BC's state machine. */
final class DtlsServerPeer extends DefaultTlsServer {
    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final CertificateFingerprint expectedClient;
    private final int handshakeTimeoutMillis;
    private final int firstResendMillis;
    private SrtpProfile profile;
    private SrtpKeys keys;

    DtlsServerPeer(BcTlsCrypto crypto, DtlsCertificate certificate, CertificateFingerprint expectedClient,
                   int handshakeTimeoutMillis, int firstResendMillis) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.expectedClient = expectedClient;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.firstResendMillis = firstResendMillis;
    }

    SrtpKeys keys() {
        return keys;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return DtlsPeerSupport.VERSIONS;
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsPeerSupport.CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    /** The first retransmission of a lost flight (BC doubles it after each one); see DtlsNodeContext. */
    @Override
    public int getHandshakeResendTimeMillis() {
        return firstResendMillis;
    }

    /** RFC 7627 §5.2: refuse a handshake without the extended master secret; RFC 8827 §6.5 requires it. */
    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return certificate.signerCredentials(context, crypto, TlsUtils.chooseSignatureAndHashAlgorithm(context,
            context.getSecurityParametersHandshake().getClientSigAlgs(), SignatureAlgorithm.ecdsa));
    }

    /** RFC 5764 §4.1.1: pick one of the client's profiles, in server preference order (GCM first). */
    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw DtlsPeerSupport.noCommonProfile("client did not send the use_srtp extension");
        }
        int[] ids = offered.getProtectionProfiles();
        for (SrtpProfile candidate : SrtpProfile.SERVER_PREFERENCE) {
            if (Arrays.stream(ids).anyMatch(id -> id == candidate.useSrtpId())) {
                profile = candidate;
                return;
            }
        }
        throw DtlsPeerSupport.noCommonProfile("client offered SRTP profiles " + Arrays.toString(ids)
            + ", none of " + SrtpProfile.SERVER_PREFERENCE);
    }

    /** RFC 5764 §4.1.1: answer with exactly the chosen profile; no MKI (WebRTC does not use one). */
    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions,
            new UseSRTPData(new int[] {profile.useSrtpId()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    /** RFC 5763 §5: the server MUST request a client certificate, whose fingerprint it then checks. */
    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        DtlsPeerSupport.verifyPeerCertificate(clientCertificate, expectedClient, "client");
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        if (profile == null) {
            throw new HandshakeRejection(DtlsFailureReason.NO_COMMON_SRTP_PROFILE, AlertDescription.internal_error,
                "handshake completed without negotiating use_srtp");
        }
        keys = DtlsPeerSupport.exportSrtpKeys(context, profile);
    }
}
