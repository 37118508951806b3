package io.meridian.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.jitsi.srtp.crypto.OpenSslGcm;

/**
 * One direction's AEAD_AES_128_GCM cipher for RTP or for RTCP over OpenSSL: the session key and salt derived once
 * (RFC 7714 §11, RFC 3711 §4.3), and the per-packet IV (RFC 7714 §8.1, §9.1) written in place. Shared by every SSRC of
 * a leg's direction, since the session keys do not depend on the SSRC.
 */
final class GcmCipher {
    /** RFC 7714 §8.1, §9.1: a 12-byte IV. */
    private static final int IV_LENGTH = 12;
    /** RFC 7714 §8.2, §9.2: a 16-byte tag for SRTP and SRTCP. */
    static final int TAG_LENGTH = 16;
    /** RFC 3711 §3.4: SRTCP leaves the first 8 bytes (the first packet's header and sender SSRC) in the clear. */
    static final int RTCP_HEADER_LENGTH = 8;
    /**
     * RFC 7714 §9.2, §17.1: the E flag and 31-bit SRTCP index follow the tag and end the associated data. E = 1 says
     * the packet is encrypted.
     */
    static final int ESRTCP_WORD_LENGTH = 4;
    static final int E_FLAG = 0x80000000;

    private final OpenSslGcm gcm;
    private final byte[] salt;

    private GcmCipher(OpenSslGcm gcm, byte[] salt) {
        this.gcm = gcm;
        this.salt = salt;
    }

    /** The SRTP cipher, or null when GCM over OpenSSL is not available (see {@link #openSslOrNull}). */
    static GcmCipher rtpOrNull(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, boolean sealing) {
        return openSslOrNull(profile, masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTP_ENCRYPTION,
            SrtpKeyDerivation.LABEL_RTP_SALT, sealing);
    }

    /** The SRTCP cipher, or null when GCM over OpenSSL is not available (see {@link #openSslOrNull}). */
    static GcmCipher rtcpOrNull(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, boolean sealing) {
        return openSslOrNull(profile, masterKey, masterSalt, SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION,
            SrtpKeyDerivation.LABEL_RTCP_SALT, sealing);
    }

    /**
     * The cipher for the session key and salt derived with the given labels, or null when the profile is not GCM or
     * jitsi-srtp's OpenSSL library is not loaded on this machine (the caller then uses jitsi-srtp's contexts, which
     * allocate per packet but work anywhere).
     */
    private static GcmCipher openSslOrNull(SrtpProfile profile, byte[] masterKey, byte[] masterSalt,
                                           byte keyLabel, byte saltLabel, boolean sealing) {
        if (profile != SrtpProfile.AEAD_AES_128_GCM || !OpenSslGcm.available()) {
            return null;
        }
        try {
            byte[] sessionKey = SrtpKeyDerivation.derive(masterKey, masterSalt, keyLabel, profile.keyLength());
            byte[] sessionSalt = SrtpKeyDerivation.derive(masterKey, masterSalt, saltLabel, profile.saltLength());
            GcmCipher cipher = ofSessionKey(sessionKey, sessionSalt, sealing);
            Arrays.fill(sessionKey, (byte) 0);
            return cipher;
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            // A native library that loaded but cannot run this cipher: the portable path still works.
            return null;
        }
    }

    /**
     * A cipher for a session key and salt as they are, as RFC 7714's test vectors (§16, §17) give them. It keeps the
     * salt array, which {@link #wipe} clears.
     */
    static GcmCipher ofSessionKey(byte[] sessionKey, byte[] sessionSalt, boolean sealing)
            throws GeneralSecurityException {
        OpenSslGcm gcm = sealing ? OpenSslGcm.sealing(sessionKey, IV_LENGTH)
            : OpenSslGcm.opening(sessionKey, IV_LENGTH);
        return new GcmCipher(gcm, sessionSalt);
    }

    /**
     * Seals or opens (see {@link OpenSslGcm#process}) the RTP packet at {@code buf[off, off+len)} whose first
     * {@code header} bytes, the whole RTP header with CSRCs and extensions, are the associated data (RFC 7714 §8.2).
     */
    int processRtp(byte[] buf, int off, int header, int len, int ssrc, int roc, int seq)
            throws GeneralSecurityException {
        writeIv(ssrc, RolloverCounter.index(roc, seq));
        return gcm.process(buf, off, header, len);
    }

    /**
     * Seals or opens the RTCP packet at {@code buf[off, off+len)}, {@code len} without the E flag and index but with
     * the tag when opening. The associated data is its first {@code aadLength} bytes, then the E flag and SRTCP index
     * at {@code buf[esrtcpWord, esrtcpWord+4)} (RFC 7714 §9.2, §9.3).
     */
    int processRtcp(byte[] buf, int off, int aadLength, int len, int ssrc, int index, int esrtcpWord)
            throws GeneralSecurityException {
        writeIv(ssrc, index);
        return gcm.process(buf, off, aadLength, len, esrtcpWord, ESRTCP_WORD_LENGTH);
    }

    /**
     * IV = (0x0000 || SSRC || 48-bit index) XOR session salt, where the index is ROC || SEQ for SRTP (RFC 7714 §8.1)
     * and 0x0000 || 0 || the 31-bit SRTCP index for SRTCP (§9.1): one layout for both.
     */
    private void writeIv(int ssrc, long index) {
        byte[] iv = gcm.iv();
        iv[0] = salt[0];
        iv[1] = salt[1];
        putXor(iv, 2, ssrc);
        putXor(iv, 6, (int) (index >>> 16));
        iv[10] = (byte) (salt[10] ^ (index >>> 8));
        iv[11] = (byte) (salt[11] ^ index);
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
