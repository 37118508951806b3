package io.meridian.srtp;

import static io.meridian.srtp.GcmCipher.ESRTCP_WORD_LENGTH;
import static io.meridian.srtp.GcmCipher.E_FLAG;
import static io.meridian.srtp.GcmCipher.RTCP_HEADER_LENGTH;
import static io.meridian.srtp.GcmCipher.TAG_LENGTH;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtcpPacket;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;

/**
 * Inbound SRTCP for AEAD_AES_128_GCM (RFC 7714 §9) that allocates nothing per authentic packet, like
 * {@link GcmRtpOpener} for RTP: the replay check over the SRTCP index (RFC 3711 §3.3.2, §3.4), then the tag check and
 * decryption in place. A sender SSRC's state is created only after its first packet authenticates, so packets with
 * forged SSRCs cost CPU but never memory.
 */
final class GcmRtcpOpener extends GcmTransform {
    private final SsrcTable<ReplayWindow> streams = new SsrcTable<>();

    GcmRtcpOpener(GcmCipher cipher) {
        super(cipher);
    }

    /** An opener, or null when GCM over OpenSSL is not available (see {@link GcmCipher#rtcpOrNull}). */
    static GcmRtcpOpener openSslOrNull(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        GcmCipher cipher = GcmCipher.rtcpOrNull(profile, masterKey, masterSalt, false);
        return cipher == null ? null : new GcmRtcpOpener(cipher);
    }

    /**
     * Replay-checks, authenticates and decrypts the SRTCP packet at {@code buf[off, off+len)} in place.
     *
     * @return the RTCP length (without tag, E flag and index), or {@link SrtpProtector#REPLAYED},
     *     {@link SrtpProtector#AUTH_FAILED}, {@link SrtpProtector#MALFORMED}, {@link SrtpProtector#CRYPTO_FAILED}
     */
    int unprotect(byte[] buf, int off, int len) {
        if (len < RTCP_HEADER_LENGTH + TAG_LENGTH + ESRTCP_WORD_LENGTH) {
            return SrtpProtector.MALFORMED;
        }
        int ssrc = RtcpPacket.senderSsrc(buf, off);
        int word = off + len - ESRTCP_WORD_LENGTH;
        int eAndIndex = Bytes.i32(buf, word);
        int index = eAndIndex & ~E_FLAG;
        ReplayWindow stream = streams.get(ssrc);
        if (stream != null && stream.replayed(index)) {
            return SrtpProtector.REPLAYED;
        }
        int sealed = len - ESRTCP_WORD_LENGTH;
        // E = 1 (RFC 7714 §9.2): the header is associated data, the rest up to the tag is ciphertext.
        // E = 0 (§9.3, authenticated-only SRTCP): everything up to the tag is associated data, nothing is encrypted.
        // Accepted rather than refused: the E flag is the sender's choice and is itself authenticated (RFC 3711 §3.4),
        // so only the key holder can send such a packet, and it costs nothing here (libsrtp accepts it too; no
        // browser sends it). jitsi-srtp's own E = 0 path uses the wrong associated data, so no fallback to it.
        int aad = (eAndIndex & E_FLAG) != 0 ? RTCP_HEADER_LENGTH : sealed - TAG_LENGTH;
        int plain;
        try {
            plain = cipher.processRtcp(buf, off, aad, sealed, ssrc, index, word);
        } catch (AEADBadTagException e) {
            return SrtpProtector.AUTH_FAILED;
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpProtector.CRYPTO_FAILED;
        }
        // Only an authentic packet moves the window (RFC 3711 §3.3.2, step 6).
        if (stream == null) {
            streams.put(ssrc, new ReplayWindow(index));
        } else {
            stream.accept(index);
        }
        return aad + plain;
    }
}
