package org.jitsi.srtp.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM through jitsi-srtp's OpenSSL cipher, re-keyed per packet with a new IV and nothing allocated.
 *
 * <p>Why this class sits in jitsi-srtp's package: {@code javax.crypto.Cipher.init} takes the IV as an immutable
 * {@link GCMParameterSpec}, so every packet would allocate the spec and two copies of the IV (88 bytes per packet,
 * once per receiver for every forwarded packet). The OpenSSL cipher SPI re-initialises from its package-visible
 * {@code iv} field when the key object is unchanged; this class shares that array with its caller, who writes each
 * packet's IV into it, and makes exactly the native calls {@code Cipher.init}, {@code updateAAD} and {@code doFinal}
 * would make. A jitsi-srtp release that renames these members breaks the build, not a running node;
 * {@code SrtpTestVectorTest} checks the output against the RFC 7714 vector.
 *
 * <p>Not thread-safe: one instance per leg and direction, confined to its event loop. There is deliberately no
 * {@code close}: the OpenSSL context is freed by jitsi-srtp's cleaner once this object is unreachable, because
 * freeing it explicitly could race a packet still being processed on another thread (the load generator's pacer)
 * into a use after free.
 */
public final class OpenSslGcm {
    private static final int TAG_BITS = 128;

    private final OpenSslAesGcmCipherSpi spi = new OpenSslAesGcmCipherSpi();
    private final int mode;
    private final SecretKeySpec key;
    private final byte[] iv;

    /** Whether jitsi-srtp's native OpenSSL library loaded on this machine. */
    public static boolean available() {
        return JitsiOpenSslProvider.isLoaded();
    }

    /** A cipher that encrypts and appends the tag ({@link #process} seals). */
    public static OpenSslGcm sealing(byte[] sessionKey, int ivLength) throws GeneralSecurityException {
        return new OpenSslGcm(Cipher.ENCRYPT_MODE, sessionKey, ivLength);
    }

    /** A cipher that checks the tag and decrypts ({@link #process} opens). */
    public static OpenSslGcm opening(byte[] sessionKey, int ivLength) throws GeneralSecurityException {
        return new OpenSslGcm(Cipher.DECRYPT_MODE, sessionKey, ivLength);
    }

    private OpenSslGcm(int mode, byte[] sessionKey, int ivLength) throws GeneralSecurityException {
        this.mode = mode;
        this.key = new SecretKeySpec(sessionKey, "AES");
        this.iv = new byte[ivLength];
        // Sets the key, the cipher and the IV length once; the SPI keeps a copy of the IV...
        spi.engineInit(mode, key, new GCMParameterSpec(TAG_BITS, iv), null);
        // ...which is replaced by the array the caller writes each packet's IV into.
        spi.iv = iv;
    }

    /** The IV of the next {@link #process}; the caller overwrites it before each packet. */
    public byte[] iv() {
        return iv;
    }

    /**
     * Sealing: encrypts {@code buf[off+aadLength, off+length)} in place and writes the 16-byte tag after it, returning
     * the ciphertext length plus the tag length. Opening: {@code length} includes the tag; checks it and decrypts in
     * place, returning the plaintext length. {@code buf[off, off+aadLength)} is the associated data either way.
     *
     * @throws javax.crypto.AEADBadTagException when opening and the tag does not verify
     */
    public int process(byte[] buf, int off, int aadLength, int length) throws GeneralSecurityException {
        return process(buf, off, aadLength, length, off, 0);
    }

    /**
     * As {@link #process(byte[], int, int, int)}, with {@code buf[moreAadOff, moreAadOff+moreAadLength)} appended to
     * the associated data. SRTCP needs it: its associated data ends with the E flag and SRTCP index, which follow the
     * tag on the wire (RFC 7714 §9.2, §17). That range must lie outside the data and, when sealing, outside the tag
     * this writes; it is read before either is written.
     */
    public int process(byte[] buf, int off, int aadLength, int length, int moreAadOff, int moreAadLength)
            throws GeneralSecurityException {
        // Same key object: the SPI passes only the new IV to EVP_CipherInit, which also resets the GCM state.
        spi.doEngineInit(mode, key);
        spi.engineUpdateAAD(buf, off, aadLength);
        if (moreAadLength > 0) {
            // OpenSSL's GCM takes the associated data in any number of updates before the first data.
            spi.engineUpdateAAD(buf, moreAadOff, moreAadLength);
        }
        int data = off + aadLength;
        return spi.engineDoFinal(buf, data, length - aadLength, buf, data);
    }
}
