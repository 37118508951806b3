package io.meridian.sdp;

import java.util.regex.Pattern;

/**
 * Tokenising shared by the SDP parsers, with the patterns compiled once: {@code String.split(" +")} and
 * {@code String.matches} compile a new pattern on every call, hundreds of times per offer.
 */
final class SdpTokens {
    static final Pattern SPACES = Pattern.compile(" +");

    private SdpTokens() {
    }

    /** The space-separated words of {@code value}, without leading or trailing spaces. */
    static String[] words(String value) {
        return SPACES.split(value.trim());
    }

    /** The id of an {@code a=extmap} value's first word, {@code <value>["/"<direction>]} (RFC 8285 §8). */
    static String extmapId(String firstWord) {
        int slash = firstWord.indexOf('/');
        return slash < 0 ? firstWord : firstWord.substring(0, slash);
    }

    /** True when {@code text} is 1 to {@code maxDigits} ASCII digits. */
    static boolean isDigits(String text, int maxDigits) {
        int n = text.length();
        if (n == 0 || n > maxDigits) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
