package io.meridian.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * SRTP session keys from a master key and salt (RFC 3711 §4.3.1) with key_derivation_rate 0, so r = 0, and the
 * AES-CM PRF (RFC 3711 §4.3.3), as RFC 7714 §11 also uses for GCM. Runs once per stream, not per packet.
 */
final class SrtpKeyDerivation {
    /** RFC 3711 §4.3.1 labels. */
    static final byte LABEL_RTP_ENCRYPTION = 0x00;
    static final byte LABEL_RTP_SALT = 0x02;
    static final byte LABEL_RTCP_ENCRYPTION = 0x03;
    static final byte LABEL_RTCP_SALT = 0x05;

    /** The byte of the PRF input the label is XORed into: key_id (label || 48-bit r) ends at the 112th bit. */
    private static final int LABEL_POSITION = 7;
    private static final int BLOCK = 16;

    private SrtpKeyDerivation() {
    }

    /**
     * {@code length} bytes of PRF(master key, (label || r) XOR master salt). The salt fills the PRF input from its
     * first byte and the rest is zero: x * 2^16 for a 112-bit salt, and the same layout for GCM's 96-bit salt, as
     * libsrtp (and so Chromium) and jitsi-srtp lay it out.
     */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, byte label, int length)
            throws GeneralSecurityException {
        byte[] input = new byte[BLOCK];
        System.arraycopy(masterSalt, 0, input, 0, masterSalt.length);
        input[LABEL_POSITION] ^= label;
        Cipher prf = Cipher.getInstance("AES/CTR/NoPadding");
        prf.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(input));
        return prf.doFinal(new byte[length]);
    }
}
