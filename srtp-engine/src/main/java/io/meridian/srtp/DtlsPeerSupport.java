package io.meridian.srtp;

import java.io.IOException;
import java.util.Arrays;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsContext;

/** Handshake rules the client and server peers share; each extends a different BC base class, hence a helper. */
final class DtlsPeerSupport {
    /**
     * DTLS 1.2 only: RFC 8827 §6.5 requires at least 1.2, and BC's DTLS 1.3 is not what browsers negotiate today.
     */
    static final ProtocolVersion[] VERSIONS = ProtocolVersion.DTLSv12.only();

    /**
     * ECDHE with ECDSA certificates and AEAD ciphers (RFC 8827 §6.5 asks for forward secrecy); these are the
     * suites Chromium and Firefox offer with their ECDSA certificates.
     */
    static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    };

    private DtlsPeerSupport() {
    }

    /**
     * RFC 5763 §5: the peer is authenticated by the hash of its leaf certificate matching the SDP fingerprint;
     * the chain is not validated against any CA.
     */
    static void verifyPeerCertificate(Certificate certificate, CertificateFingerprint expected, String peer)
        throws IOException {
        if (certificate == null || certificate.isEmpty()) {
            throw new HandshakeRejection(DtlsFailureReason.NO_PEER_CERTIFICATE, AlertDescription.handshake_failure,
                peer + " sent no certificate");
        }
        byte[] leaf = certificate.getCertificateAt(0).getEncoded();
        if (!expected.matches(leaf)) {
            CertificateFingerprint actual = CertificateFingerprint.of(expected.algorithm(), leaf);
            throw new HandshakeRejection(DtlsFailureReason.FINGERPRINT_MISMATCH, AlertDescription.bad_certificate,
                peer + " certificate fingerprint " + actual + " does not match the SDP fingerprint " + expected);
        }
    }

    /** RFC 5764 §4.2: export 2 * (key + salt) bytes with the label "EXTRACTOR-dtls_srtp" and no context. */
    static SrtpKeys exportSrtpKeys(TlsContext context, SrtpProfile profile) {
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
            SrtpKeys.keyingMaterialLength(profile));
        try {
            return SrtpKeys.fromKeyingMaterial(profile, material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    static HandshakeRejection noCommonProfile(String detail) {
        return new HandshakeRejection(DtlsFailureReason.NO_COMMON_SRTP_PROFILE, AlertDescription.handshake_failure,
            detail);
    }
}
