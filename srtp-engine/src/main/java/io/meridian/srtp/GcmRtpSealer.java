package io.meridian.srtp;

import io.meridian.rtp.RtpPacket;
import java.security.GeneralSecurityException;

/**
 * Outbound SRTP for AEAD_AES_128_GCM (RFC 7714 §8.1) that allocates nothing per packet, for the egress path where
 * every forwarded packet is protected once per receiver. RTCP still goes through jitsi-srtp.
 *
 * <p>Confined to the leg's event loop, like {@link SrtpProtector}, which owns it.
 */
final class GcmRtpSealer implements AutoCloseable {
    private final GcmRtpCipher cipher;
    private final SsrcTable<RolloverCounter> streams = new SsrcTable<>();

    GcmRtpSealer(GcmRtpCipher cipher) {
        this.cipher = cipher;
    }

    /** A sealer, or null when GCM over OpenSSL is not available (see {@link GcmRtpCipher#openSslOrNull}). */
    static GcmRtpSealer openSslOrNull(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        GcmRtpCipher cipher = GcmRtpCipher.openSslOrNull(profile, masterKey, masterSalt, true);
        return cipher == null ? null : new GcmRtpSealer(cipher);
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
        try {
            return header + cipher.process(buf, off, header, len, ssrc, stream.rocFor(seq), seq);
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpProtector.CRYPTO_FAILED;
        }
    }

    /** Wipes the session salt (see {@link GcmRtpCipher#wipe}). */
    @Override
    public void close() {
        cipher.wipe();
    }

    /**
     * The sender's rollover counter for one SSRC (RFC 3711 §3.3.1: ROC starts at 0 and is incremented each time
     * SEQ wraps). A packet sent out of order (a retransmission of an older sequence number) gets the ROC of its
     * own index, estimated as a receiver would (RFC 3711 Appendix A), so it still decrypts.
     */
    static final class RolloverCounter {
        private int roc;
        private int highestSeq;

        RolloverCounter(int firstSeq) {
            this.highestSeq = firstSeq;
        }

        int rocFor(int seq) {
            int v = PacketIndex.guessRoc(roc, highestSeq, seq);
            if (v == roc + 1 || v == roc && seq > highestSeq) {
                roc = v;
                highestSeq = seq;
            }
            return v;
        }
    }
}
