package io.meridian.srtp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A certificate fingerprint as carried in SDP "a=fingerprint:&lt;hash-func&gt; &lt;hex&gt;" (RFC 8122 §5): a hash
 * function name such as "sha-256" and upper-case hex bytes separated by colons. DTLS-SRTP authenticates the peer
 * by comparing the hash of its leaf certificate with this value (RFC 5763 §5).
 */
public record CertificateFingerprint(String algorithm, String value) {
    private static final HexFormat SDP_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    /** Normalises case so values from any SDP compare equal; rejects hash functions other than SHA-1/SHA-2. */
    public CertificateFingerprint {
        algorithm = Objects.requireNonNull(algorithm, "algorithm").trim().toLowerCase(Locale.ROOT);
        value = Objects.requireNonNull(value, "value").trim().toUpperCase(Locale.ROOT);
        // RFC 8122 §5: md2 and md5 are obsolete and MUST NOT be used; a browser sends sha-256.
        if (!algorithm.startsWith("sha-")) {
            throw new IllegalArgumentException("unsupported fingerprint hash function: " + algorithm);
        }
        digest(algorithm);
        SDP_HEX.parseHex(value);
    }

    /** Fingerprint of a DER-encoded certificate with the given SDP hash function name. */
    public static CertificateFingerprint of(String algorithm, byte[] derCertificate) {
        String alg = algorithm.trim().toLowerCase(Locale.ROOT);
        return new CertificateFingerprint(alg, SDP_HEX.formatHex(digest(alg).digest(derCertificate)));
    }

    /** Whether the DER-encoded certificate hashes to this fingerprint. */
    public boolean matches(byte[] derCertificate) {
        byte[] expected = SDP_HEX.parseHex(value);
        return MessageDigest.isEqual(expected, digest(algorithm).digest(derCertificate));
    }

    /** The SDP attribute value, e.g. "sha-256 AB:CD:...". */
    @Override
    public String toString() {
        return algorithm + " " + value;
    }

    private static MessageDigest digest(String sdpName) {
        try {
            // SDP names ("sha-256") are the JCA names ("SHA-256") in another case.
            return MessageDigest.getInstance(sdpName.toUpperCase(Locale.ROOT));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unsupported fingerprint hash function: " + sdpName, e);
        }
    }
}
