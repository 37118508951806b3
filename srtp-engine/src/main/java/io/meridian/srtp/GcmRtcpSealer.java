package io.meridian.srtp;

import static io.meridian.srtp.GcmCipher.ESRTCP_WORD_LENGTH;
import static io.meridian.srtp.GcmCipher.E_FLAG;
import static io.meridian.srtp.GcmCipher.RTCP_HEADER_LENGTH;
import static io.meridian.srtp.GcmCipher.TAG_LENGTH;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtcpPacket;
import java.security.GeneralSecurityException;

/**
 * Outbound SRTCP for AEAD_AES_128_GCM (RFC 7714 §9) that allocates nothing per packet, like {@link GcmRtpSealer} for
 * RTP: transport-cc feedback alone is a few thousand RTCP packets a second on a busy node. The packet becomes
 * header (8) || ciphertext || tag (16) || E flag and SRTCP index (4), the layout of RFC 7714 §17.1.
 */
final class GcmRtcpSealer extends GcmTransform {
    private final SsrcTable<NextIndex> streams = new SsrcTable<>();

    GcmRtcpSealer(GcmCipher cipher) {
        super(cipher);
    }

    /** A sealer, or null when GCM over OpenSSL is not available (see {@link GcmCipher#rtcpOrNull}). */
    static GcmRtcpSealer openSslOrNull(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        GcmCipher cipher = GcmCipher.rtcpOrNull(profile, masterKey, masterSalt, true);
        return cipher == null ? null : new GcmRtcpSealer(cipher);
    }

    /**
     * Encrypts and authenticates the RTCP compound packet at {@code buf[off, off+len)} in place and appends the tag
     * and the E flag with the SRTCP index; the caller leaves 20 bytes after it.
     *
     * @return the SRTCP length, or {@link SrtpProtector#MALFORMED} / {@link SrtpProtector#CRYPTO_FAILED}
     */
    int protect(byte[] buf, int off, int len) {
        if (len < RTCP_HEADER_LENGTH) {
            return SrtpProtector.MALFORMED;
        }
        int ssrc = RtcpPacket.senderSsrc(buf, off);
        NextIndex stream = streams.get(ssrc);
        if (stream == null) {
            stream = new NextIndex();
            streams.put(ssrc, stream);
        }
        int index = stream.value;
        if (index < 0) {
            // RFC 7714 §9.4: a new master key MUST come before the 31-bit index cycles, as a repeated index is a
            // repeated IV, which gives GCM's authentication key away. jitsi-srtp wraps to 0; this stops sending.
            return SrtpProtector.CRYPTO_FAILED;
        }
        // Taken before sealing, so that even a failed attempt never hands its IV to another packet.
        // After 0x7fffffff comes a negative value: the index space is used up.
        stream.value = index + 1;
        int word = off + len + TAG_LENGTH;
        // Written first: it is associated data, read by the cipher before the tag is written in front of it.
        Bytes.put32(buf, word, E_FLAG | index);
        try {
            return RTCP_HEADER_LENGTH + cipher.processRtcp(buf, off, RTCP_HEADER_LENGTH, len, ssrc, index, word)
                + ESRTCP_WORD_LENGTH;
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpProtector.CRYPTO_FAILED;
        }
    }

    /**
     * One sender SSRC's next SRTCP index: 0 for its first packet, then one more per packet (RFC 3711 §3.4), as
     * jitsi-srtp and libsrtp count, and always with E = 1: this node encrypts all its RTCP.
     */
    private static final class NextIndex {
        int value;
    }
}
