package io.meridian.srtp;

import io.meridian.rtp.RtpPacket;
import java.security.GeneralSecurityException;

/**
 * Outbound SRTP for AEAD_AES_128_GCM (RFC 7714 §8.1) that allocates nothing per packet, for the egress path where
 * every forwarded packet is protected once per receiver. {@link GcmRtcpSealer} does the same for RTCP.
 */
final class GcmRtpSealer extends GcmTransform {
    private final SsrcTable<RolloverCounter> streams = new SsrcTable<>();

    GcmRtpSealer(GcmCipher cipher) {
        super(cipher);
    }

    /** A sealer, or null when GCM over OpenSSL is not available (see {@link GcmCipher#rtpOrNull}). */
    static GcmRtpSealer openSslOrNull(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        GcmCipher cipher = GcmCipher.rtpOrNull(profile, masterKey, masterSalt, true);
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
            int roc = stream.guess(seq);
            stream.advance(roc, seq);
            return header + cipher.processRtp(buf, off, header, len, ssrc, roc, seq);
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpProtector.CRYPTO_FAILED;
        }
    }
}
