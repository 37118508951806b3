package io.meridian.sdp;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * ICE username fragment and password (RFC 8839 §5.4): ufrag 4-256 and pwd 22-256 characters of the ice-char set
 * (ALPHA / DIGIT / "+" / "/").
 */
public record IceParameters(String ufrag, String pwd) {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    public IceParameters {
        Objects.requireNonNull(ufrag, "ufrag");
        Objects.requireNonNull(pwd, "pwd");
        if (!valid(ufrag, 4) || !valid(pwd, 22)) {
            throw new IllegalArgumentException("ICE ufrag needs 4-256 and pwd 22-256 ice-chars (RFC 8839 §5.4)");
        }
    }

    /** Fresh credentials: 8-character ufrag, 24-character pwd (144 bits, above RFC 8445 §5.3's 128-bit minimum). */
    public static IceParameters random() {
        return new IceParameters(randomChars(8), randomChars(24));
    }

    static boolean valid(String text, int minLength) {
        if (text.length() < minLength || text.length() > 256) {
            return false;
        }
        return text.chars().allMatch(c -> ICE_CHARS.indexOf(c) >= 0);
    }

    private static String randomChars(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
        }
        return out.toString();
    }
}
