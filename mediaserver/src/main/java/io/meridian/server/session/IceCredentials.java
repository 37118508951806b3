package io.meridian.server.session;

import io.meridian.sdp.IceParameters;

import java.security.SecureRandom;

/** Random local ICE credentials and participant ids. */
final class IceCredentials {
    /** RFC 8839 §5.4 ice-char: ALPHA / DIGIT / "+" / "/". */
    private static final char[] ICE_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private IceCredentials() {
    }

    /** ufrag of 8 characters (at least 24 bits, RFC 8445 §5.3) and a password of 24 (at least 128 bits). */
    static IceParameters generate() {
        return new IceParameters(random(ICE_CHARS, 8), random(ICE_CHARS, 24));
    }

    static String participantId() {
        return "p-" + random(ID_CHARS, 12);
    }

    private static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
