package io.meridian.srtp;

import io.meridian.rtp.RtpPacket;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.jitsi.srtp.crypto.OpenSslGcmSeal;

/**
 * Outbound SRTP for AEAD_AES_128_GCM (RFC 7714 §8.1) that allocates nothing per packet, for the egress path where
 * every forwarded packet is protected once per receiver. Inbound packets and RTCP still go through jitsi-srtp.
 *
 * <p>Confined to the leg's event loop, like {@link SrtpProtector}, which owns it.
 */
final class GcmRtpSealer implements AutoCloseable {
    /** RFC 7714 §8.1: a 12-byte IV. */
    private static final int IV_LENGTH = 12;

    private final OpenSslGcmSeal seal;
    private final byte[] salt;
    private final SsrcTable<RolloverCounter> streams = new SsrcTable<>();

    private GcmRtpSealer(OpenSslGcmSeal seal, byte[] salt) {
        this.seal = seal;
        this.salt = salt;
    }

    /**
     * A sealer for the given master key and salt, or null when jitsi-srtp's OpenSSL library is not loaded on this
     * machine (the caller then protects through jitsi-srtp's contexts, which allocate per packet but work anywhere).
     */
    static GcmRtpSealer openSslOrNull(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        if (profile != SrtpProfile.AEAD_AES_128_GCM || !OpenSslGcmSeal.available()) {
            return null;
        }
        try {
            byte[] sessionKey = SrtpKeyDerivation.derive(masterKey, masterSalt,
                SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, profile.keyLength());
            byte[] sessionSalt = SrtpKeyDerivation.derive(masterKey, masterSalt,
                SrtpKeyDerivation.LABEL_RTP_SALT, profile.saltLength());
            OpenSslGcmSeal seal = new OpenSslGcmSeal(sessionKey, IV_LENGTH);
            Arrays.fill(sessionKey, (byte) 0);
            return new GcmRtpSealer(seal, sessionSalt);
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            // A native library that loaded but cannot run this cipher: the portable path still works.
            return null;
        }
    }

    /**
     * Encrypts and authenticates the RTP packet at {@code buf[off, off+len)} in place and appends the tag.
     *
     * @return the SRTP length, or {@link SrtpProtector#MALFORMED} / {@link SrtpProtector#CRYPTO_FAILED}
     */
    int protect(byte[] buf, int off, int len) {
        int header = RtpPacket.headerLength(buf, off, len);
        if (header < 0) {
            return SrtpProtector.MALFORMED;
        }
        int ssrc = RtpPacket.ssrc(buf, off);
        int seq = RtpPacket.sequence(buf, off);
        RolloverCounter stream = streams.get(ssrc);
        if (stream == null) {
            stream = new RolloverCounter(seq);
            streams.put(ssrc, stream);
        }
        writeIv(seal.iv(), ssrc, stream.rocFor(seq), seq);
        try {
            // RFC 7714 §8.1: the whole header (CSRCs and extensions included) is the associated data.
            return header + seal.seal(buf, off, header, len);
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpProtector.CRYPTO_FAILED;
        }
    }

    /** RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR session salt. */
    private void writeIv(byte[] iv, int ssrc, int roc, int seq) {
        iv[0] = salt[0];
        iv[1] = salt[1];
        putXor(iv, 2, ssrc);
        putXor(iv, 6, roc);
        iv[10] = (byte) (salt[10] ^ (seq >>> 8));
        iv[11] = (byte) (salt[11] ^ seq);
    }

    private void putXor(byte[] iv, int at, int value) {
        iv[at] = (byte) (salt[at] ^ (value >>> 24));
        iv[at + 1] = (byte) (salt[at + 1] ^ (value >>> 16));
        iv[at + 2] = (byte) (salt[at + 2] ^ (value >>> 8));
        iv[at + 3] = (byte) (salt[at + 3] ^ value);
    }

    /**
     * Wipes the session salt. The cipher context goes with the GC (see {@link OpenSslGcmSeal}), so a packet sealed on
     * another thread while this runs comes out undecryptable but never touches freed memory.
     */
    @Override
    public void close() {
        Arrays.fill(salt, (byte) 0);
    }

    /**
     * The sender's rollover counter for one SSRC (RFC 3711 §3.3.1: ROC starts at 0 and is incremented each time
     * SEQ wraps). A packet sent out of order (a retransmission of an older sequence number) gets the ROC of its
     * own index, estimated as a receiver would (RFC 3711 Appendix A), so it still decrypts.
     */
    static final class RolloverCounter {
        private static final int HALF = 1 << 15;

        private int roc;
        private int highestSeq;

        RolloverCounter(int firstSeq) {
            this.highestSeq = firstSeq;
        }

        int rocFor(int seq) {
            int v;
            if (highestSeq < HALF) {
                v = seq - highestSeq > HALF ? roc - 1 : roc;
            } else {
                v = highestSeq - HALF > seq ? roc + 1 : roc;
            }
            if (v == roc + 1 || v == roc && seq > highestSeq) {
                roc = v;
                highestSeq = seq;
            }
            return v;
        }
    }
}
