package io.meridian.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Curve;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DtlsCertificateTest {

    @Test
    void fingerprintIsSdpFormattedSha256() {
        DtlsCertificate certificate = DtlsCertificate.generate();
        assertTrue(certificate.fingerprintSha256().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"),
            certificate.fingerprintSha256());
        assertEquals("sha-256", certificate.fingerprint().algorithm());
        assertTrue(certificate.fingerprint().matches(certificate.encoded()));
        assertNotEquals(certificate.fingerprintSha256(), DtlsCertificate.generate().fingerprintSha256());
    }

    @Test
    void fingerprintFromSdpIsCaseInsensitiveAndRejectsObsoleteHashes() {
        DtlsCertificate certificate = DtlsCertificate.generate();
        CertificateFingerprint fromSdp = new CertificateFingerprint("SHA-256",
            certificate.fingerprintSha256().toLowerCase());
        assertTrue(fromSdp.matches(certificate.encoded()));
        assertFalse(fromSdp.matches(DtlsCertificate.generate().encoded()));
        assertThrows(IllegalArgumentException.class, () -> new CertificateFingerprint("md5", "AB:CD"));
        assertThrows(IllegalArgumentException.class, () -> new CertificateFingerprint("sha-256", "not hex"));
    }

    @Test
    void loadsAPemCertificateAndPkcs8Key(@TempDir Path dir) throws IOException {
        DtlsCertificate original = DtlsCertificate.generate();
        Path cert = writePem(dir.resolve("cert.pem"), "CERTIFICATE", original.encoded());
        Path key = writePem(dir.resolve("key.pem"), "PRIVATE KEY",
            PrivateKeyInfoFactory.createPrivateKeyInfo(original.privateKey()).getEncoded());

        DtlsCertificate loaded = DtlsCertificate.load(cert, key);
        assertEquals(original.fingerprintSha256(), loaded.fingerprintSha256());
        assertSigningCurveIsFast(original);
        assertSigningCurveIsFast(loaded);
    }

    /** Every handshake signs with this key: the custom P-256 field, not BigInteger arithmetic on the generic curve. */
    private static void assertSigningCurveIsFast(DtlsCertificate certificate) {
        ECCurve curve = ((ECPrivateKeyParameters) certificate.privateKey()).getParameters().getCurve();
        assertEquals(SecP256R1Curve.class, curve.getClass());
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificate(@TempDir Path dir) throws IOException {
        Path cert = writePem(dir.resolve("cert.pem"), "CERTIFICATE", DtlsCertificate.generate().encoded());
        Path key = writePem(dir.resolve("key.pem"), "PRIVATE KEY",
            PrivateKeyInfoFactory.createPrivateKeyInfo(DtlsCertificate.generate().privateKey()).getEncoded());

        IOException e = assertThrows(IOException.class, () -> DtlsCertificate.load(cert, key));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
        assertThrows(IOException.class, () -> DtlsCertificate.load(key, cert));
    }

    private static Path writePem(Path file, String type, byte[] der) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             PemWriter pem = new PemWriter(out)) {
            pem.writeObject(new PemObject(type, der));
        }
        return file;
    }
}
