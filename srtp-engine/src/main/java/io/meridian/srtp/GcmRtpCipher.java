package io.meridian.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.jitsi.srtp.crypto.OpenSslGcm;

/**
 * One direction's SRTP AEAD_AES_128_GCM cipher for RTP over OpenSSL: the session key and salt derived once
 * (RFC 7714 §11, RFC 3711 §4.3), and the per-packet IV (RFC 7714 §8.1) written in place. Shared by every SSRC of a
 * leg's direction, since the session keys do not depend on the SSRC.
 */
final class GcmRtpCipher {
    /** RFC 7714 §8.1: a 12-byte IV. */
    private static final int IV_LENGTH = 12;

    private final OpenSslGcm gcm;
    private final byte[] salt;

    private GcmRtpCipher(OpenSslGcm gcm, byte[] salt) {
        this.gcm = gcm;
        this.salt = salt;
    }

    /**
     * The cipher for the given master key and salt, or null when the profile is not GCM or jitsi-srtp's OpenSSL
     * library is not loaded on this machine (the caller then uses jitsi-srtp's contexts, which allocate per packet
     * but work anywhere).
     */
    static GcmRtpCipher openSslOrNull(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, boolean sealing) {
        if (profile != SrtpProfile.AEAD_AES_128_GCM || !OpenSslGcm.available()) {
            return null;
        }
        try {
            byte[] sessionKey = SrtpKeyDerivation.derive(masterKey, masterSalt,
                SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, profile.keyLength());
            byte[] sessionSalt = SrtpKeyDerivation.derive(masterKey, masterSalt,
                SrtpKeyDerivation.LABEL_RTP_SALT, profile.saltLength());
            OpenSslGcm gcm = sealing ? OpenSslGcm.sealing(sessionKey, IV_LENGTH)
                : OpenSslGcm.opening(sessionKey, IV_LENGTH);
            Arrays.fill(sessionKey, (byte) 0);
            return new GcmRtpCipher(gcm, sessionSalt);
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            // A native library that loaded but cannot run this cipher: the portable path still works.
            return null;
        }
    }

    /**
     * Seals or opens (see {@link OpenSslGcm#process}) the packet at {@code buf[off, off+len)} whose first
     * {@code header} bytes, the whole RTP header with CSRCs and extensions, are the associated data (RFC 7714 §8.1).
     */
    int process(byte[] buf, int off, int header, int len, int ssrc, int roc, int seq)
            throws GeneralSecurityException {
        byte[] iv = gcm.iv();
        // RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR session salt.
        iv[0] = salt[0];
        iv[1] = salt[1];
        putXor(iv, 2, ssrc);
        putXor(iv, 6, roc);
        iv[10] = (byte) (salt[10] ^ (seq >>> 8));
        iv[11] = (byte) (salt[11] ^ seq);
        return gcm.process(buf, off, header, len);
    }

    private void putXor(byte[] iv, int at, int value) {
        iv[at] = (byte) (salt[at] ^ (value >>> 24));
        iv[at + 1] = (byte) (salt[at + 1] ^ (value >>> 16));
        iv[at + 2] = (byte) (salt[at + 2] ^ (value >>> 8));
        iv[at + 3] = (byte) (salt[at + 3] ^ value);
    }

    /**
     * Wipes the session salt. The OpenSSL context goes with the GC (see {@link OpenSslGcm}), so a packet processed on
     * another thread while this runs comes out wrong but never touches freed memory.
     */
    void wipe() {
        Arrays.fill(salt, (byte) 0);
    }
}
