package io.meridian.srtp;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The node's DTLS identity: one ECDSA P-256 certificate, self-signed, as WebRTC expects (RFC 8827 §6.5: peers are
 * authenticated by the SDP fingerprint, not by a CA). Generated at start, or loaded from PEM files when an operator
 * wants a stable fingerprint across restarts.
 */
public final class DtlsCertificate {
    /** Validity starts in the past so peers with a skewed clock still accept the certificate. */
    private static final Duration BACKDATE = Duration.ofDays(30);
    private static final Duration LIFETIME = Duration.ofDays(365);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /**
     * P-256 on BC's custom curve (fixed-width field arithmetic). The generic table curve computes with BigInteger;
     * with it every handshake signature (ServerKeyExchange, CertificateVerify) cost so much that a whole handshake,
     * both sides, took 2.3 ms instead of 1.5 ms (DtlsHandshakeBenchmark).
     */
    private static final ECNamedDomainParameters P256 = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1,
        CustomNamedCurves.getByOID(SECObjectIdentifiers.secp256r1));

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final CertificateFingerprint fingerprint;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprint = CertificateFingerprint.of("sha-256", der);
    }

    /** A fresh P-256 key pair and a self-signed certificate valid from 30 days ago to one year ahead. */
    public static DtlsCertificate generate() {
        SecureRandom random = new SecureRandom();
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(P256, random));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();

        Instant now = Instant.now();
        // WebRTC peers ignore the names; "WebRTC" is what browsers put there too.
        X500Name name = new X500Name("CN=WebRTC");
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name,
                new BigInteger(63, random), Date.from(now.minus(BACKDATE)), Date.from(now.plus(LIFETIME)), name,
                SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find(SIGNATURE_ALGORITHM);
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            X509CertificateHolder holder = builder.build(
                new BcECContentSignerBuilder(signature, digest).build(keyPair.getPrivate()));
            return new DtlsCertificate(holder.getEncoded(), keyPair.getPrivate());
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the DTLS certificate", e);
        }
    }

    /**
     * Loads a PEM certificate ("BEGIN CERTIFICATE") and its PEM PKCS#8 private key ("BEGIN PRIVATE KEY").
     * The key must be an EC key that belongs to the certificate: the offered cipher suites are ECDHE-ECDSA only.
     */
    public static DtlsCertificate load(Path certificatePem, Path privateKeyPem) throws IOException {
        X509CertificateHolder holder = readPem(certificatePem, X509CertificateHolder.class, "an X.509 certificate");
        PrivateKeyInfo keyInfo = readPem(privateKeyPem, PrivateKeyInfo.class, "a PKCS#8 private key");
        AsymmetricKeyParameter key = PrivateKeyFactory.createKey(keyInfo);
        AsymmetricKeyParameter publicKey = PublicKeyFactory.createKey(holder.getSubjectPublicKeyInfo());
        if (!(key instanceof ECPrivateKeyParameters ec) || !(publicKey instanceof ECPublicKeyParameters pub)) {
            throw new IOException("DTLS certificate and key must be ECDSA: " + certificatePem + ", " + privateKeyPem);
        }
        if (!ec.getParameters().getG().multiply(ec.getD()).normalize().equals(pub.getQ().normalize())) {
            throw new IOException("private key " + privateKeyPem + " does not belong to certificate " + certificatePem);
        }
        return new DtlsCertificate(holder.getEncoded(), key);
    }

    private static <T> T readPem(Path file, Class<T> type, String description) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (!type.isInstance(object)) {
                throw new IOException(file + " does not hold " + description + " in PEM form");
            }
            return type.cast(object);
        }
    }

    /** The SDP fingerprint value of this certificate, "AB:CD:..." (RFC 8122 §5). */
    public String fingerprintSha256() {
        return fingerprint.value();
    }

    /** The SHA-256 fingerprint with its hash function name, as it goes into "a=fingerprint". */
    public CertificateFingerprint fingerprint() {
        return fingerprint;
    }

    /** The DER encoding of the certificate. */
    public byte[] encoded() {
        return der.clone();
    }

    /** The one-element chain sent in the Certificate handshake message. */
    public Certificate certificateChain(TlsCrypto crypto) throws IOException {
        return new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
    }

    /** The credentials a BC TLS peer signs its handshake with (ServerKeyExchange or CertificateVerify). */
    public TlsCredentialedSigner signerCredentials(TlsContext context, BcTlsCrypto crypto,
                                                   SignatureAndHashAlgorithm algorithm) throws IOException {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, privateKey,
            certificateChain(crypto), algorithm);
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }
}
