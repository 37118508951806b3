package io.meridian.server.session;

import java.security.SecureRandom;

/** Participant ids: "p-" and 12 random characters, unguessable so one client cannot address another's socket. */
final class ParticipantIds {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ParticipantIds() {
    }

    static String next() {
        char[] out = new char[12];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "p-" + new String(out);
    }
}
