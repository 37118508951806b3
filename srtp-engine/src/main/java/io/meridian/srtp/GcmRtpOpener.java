package io.meridian.srtp;

import io.meridian.rtp.RtpPacket;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;

/**
 * Inbound SRTP for AEAD_AES_128_GCM (RFC 7714 §8.2) that allocates nothing per authentic packet: the index estimate
 * (RFC 3711 §3.3.1, Appendix A), the 64-packet replay window (RFC 3711 §3.3.2, {@link ReplayWindow}) and the tag
 * check and decryption in place. A stream's state is created only after its first packet authenticates, so packets
 * with forged SSRCs cost CPU but never memory. {@link GcmRtcpOpener} does the same for RTCP.
 */
final class GcmRtpOpener extends GcmTransform {
    private final SsrcTable<ReceivedStream> streams = new SsrcTable<>();

    GcmRtpOpener(GcmCipher cipher) {
        super(cipher);
    }

    /** An opener, or null when GCM over OpenSSL is not available (see {@link GcmCipher#rtpOrNull}). */
    static GcmRtpOpener openSslOrNull(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        GcmCipher cipher = GcmCipher.rtpOrNull(profile, masterKey, masterSalt, false);
        return cipher == null ? null : new GcmRtpOpener(cipher);
    }

    /**
     * Replay-checks, authenticates and decrypts the SRTP packet at {@code buf[off, off+len)} in place.
     *
     * @return the RTP length, or {@link SrtpProtector#REPLAYED}, {@link SrtpProtector#AUTH_FAILED},
     *     {@link SrtpProtector#MALFORMED}, {@link SrtpProtector#CRYPTO_FAILED}
     */
    int unprotect(byte[] buf, int off, int len) {
        int header = RtpPacket.headerLength(buf, off, len - GcmCipher.TAG_LENGTH);
        if (header < 0) {
            return SrtpProtector.MALFORMED;
        }
        int ssrc = RtpPacket.ssrc(buf, off);
        int seq = RtpPacket.sequence(buf, off);
        ReceivedStream stream = streams.get(ssrc);
        // A new stream starts with ROC 0 and this packet as its highest (RFC 3711 §3.3.1).
        int guessedRoc = stream == null ? 0 : stream.counter.guess(seq);
        long index = RolloverCounter.index(guessedRoc, seq);
        if (stream != null && stream.window.replayed(index)) {
            return SrtpProtector.REPLAYED;
        }
        int plain;
        try {
            plain = cipher.processRtp(buf, off, header, len, ssrc, guessedRoc, seq);
        } catch (AEADBadTagException e) {
            return SrtpProtector.AUTH_FAILED;
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpProtector.CRYPTO_FAILED;
        }
        // Only an authentic packet moves the window and the index (RFC 3711 §3.3.2, step 6).
        if (stream == null) {
            streams.put(ssrc, new ReceivedStream(seq, index));
        } else {
            stream.window.accept(index);
            stream.counter.advance(guessedRoc, seq);
        }
        return header + plain;
    }

    /** One SSRC's receive state: ROC, highest sequence number and the replay window behind it. */
    private static final class ReceivedStream {
        final RolloverCounter counter;
        final ReplayWindow window;

        ReceivedStream(int firstSeq, long firstIndex) {
            this.counter = new RolloverCounter(firstSeq);
            this.window = new ReplayWindow(firstIndex);
        }
    }
}
