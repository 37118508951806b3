package io.meridian.sdp;

import java.util.Locale;
import java.util.regex.Pattern;

/** A certificate fingerprint from {@code a=fingerprint:<hash-func> <value>} (RFC 8122 §5, RFC 8842 §5). */
public record Fingerprint(String algorithm, String value) {
    private static final Pattern SHA256_VALUE =
            Pattern.compile("([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}");

    static final String SHA_256 = "sha-256";

    /** Parses an attribute value; returns null when it is not of the form {@code <token> <hex:hex...>}. */
    static Fingerprint parse(String attributeValue) {
        String[] parts = SdpTokens.words(attributeValue);
        if (parts.length != 2) {
            return null;
        }
        return new Fingerprint(parts[0].toLowerCase(Locale.ROOT), parts[1].toUpperCase(Locale.ROOT));
    }

    /** SHA-256 gives 32 bytes, written as upper- or lower-case hex pairs separated by colons. */
    static boolean isSha256Value(String value) {
        return SHA256_VALUE.matcher(value).matches();
    }
}
