package io.meridian.srtp;

import java.io.IOException;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** BC's view of Meridian as a DTLS-SRTP client: the policy of {@link DtlsClientSession}. */
final class DtlsClientPeer extends DefaultTlsClient {
    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final CertificateFingerprint expectedServer;
    private final List<SrtpProfile> offered;
    private final int handshakeTimeoutMillis;
    private final int firstResendMillis;
    private SrtpProfile profile;
    private SrtpKeys keys;

    DtlsClientPeer(BcTlsCrypto crypto, DtlsCertificate certificate, CertificateFingerprint expectedServer,
                   List<SrtpProfile> offered, int handshakeTimeoutMillis, int firstResendMillis) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.expectedServer = expectedServer;
        this.offered = offered;
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

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    /** RFC 5764 §4.1.1: offer the profiles in preference order, with an empty MKI. */
    @Override
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        int[] ids = offered.stream().mapToInt(SrtpProfile::useSrtpId).toArray();
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(ids, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    /** RFC 5764 §4.1.1: the server answers with exactly one profile, and it must be one we offered. */
    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData answer = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (answer == null || answer.getProtectionProfiles().length != 1) {
            throw DtlsPeerSupport.noCommonProfile("server did not select exactly one SRTP profile: "
                + (answer == null ? "no use_srtp" : Arrays.toString(answer.getProtectionProfiles())));
        }
        int id = answer.getProtectionProfiles()[0];
        profile = SrtpProfile.fromUseSrtpId(id).filter(offered::contains)
            .orElseThrow(() -> DtlsPeerSupport.noCommonProfile("server selected SRTP profile " + id
                + " which was not offered (" + offered + ")"));
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                DtlsPeerSupport.verifyPeerCertificate(serverCertificate.getCertificate(), expectedServer, "server");
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return certificate.signerCredentials(context, crypto, TlsUtils.chooseSignatureAndHashAlgorithm(
                    context, request.getSupportedSignatureAlgorithms(), SignatureAlgorithm.ecdsa));
            }
        };
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keys = DtlsPeerSupport.exportSrtpKeys(context, profile);
    }
}
