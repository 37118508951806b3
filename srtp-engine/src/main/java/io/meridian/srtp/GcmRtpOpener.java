package io.meridian.srtp;

import io.meridian.rtp.RtpPacket;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;

/**
 * Inbound SRTP for AEAD_AES_128_GCM (RFC 7714 §8.2) that allocates nothing per authentic packet: the index estimate
 * (RFC 3711 §3.3.1, Appendix A), the 64-packet replay window (RFC 3711 §3.3.2) and the tag check and decryption in
 * place. A stream's state is created only after its first packet authenticates, so packets with forged SSRCs cost
 * CPU but never memory. RTCP still goes through jitsi-srtp.
 *
 * <p>Confined to the leg's event loop, like {@link SrtpProtector}, which owns it.
 */
final class GcmRtpOpener implements AutoCloseable {
    /** RFC 7714 §8.2: a 16-byte tag. */
    private static final int TAG_LENGTH = 16;
    /** RFC 3711 §3.3.2 asks for at least 64; jitsi-srtp and libsrtp use 64 too. */
    private static final int REPLAY_WINDOW = 64;

    private final GcmRtpCipher cipher;
    private final SsrcTable<ReceivedStream> streams = new SsrcTable<>();

    GcmRtpOpener(GcmRtpCipher cipher) {
        this.cipher = cipher;
    }

    /** An opener, or null when GCM over OpenSSL is not available (see {@link GcmRtpCipher#openSslOrNull}). */
    static GcmRtpOpener openSslOrNull(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        GcmRtpCipher cipher = GcmRtpCipher.openSslOrNull(profile, masterKey, masterSalt, false);
        return cipher == null ? null : new GcmRtpOpener(cipher);
    }

    /**
     * Replay-checks, authenticates and decrypts the SRTP packet at {@code buf[off, off+len)} in place.
     *
     * @return the RTP length, or {@link SrtpProtector#REPLAYED}, {@link SrtpProtector#AUTH_FAILED},
     *     {@link SrtpProtector#MALFORMED}, {@link SrtpProtector#CRYPTO_FAILED}
     */
    int unprotect(byte[] buf, int off, int len) {
        int header = RtpPacket.headerLength(buf, off, len - TAG_LENGTH);
        if (header < 0) {
            return SrtpProtector.MALFORMED;
        }
        int ssrc = RtpPacket.ssrc(buf, off);
        int seq = RtpPacket.sequence(buf, off);
        ReceivedStream stream = streams.get(ssrc);
        // A new stream starts with ROC 0 and this packet as its highest (RFC 3711 §3.3.1).
        int guessedRoc = stream == null ? 0 : stream.counter.guess(seq);
        long delta = stream == null ? 0
            : RolloverCounter.index(guessedRoc, seq) - stream.counter.highestIndex();
        if (stream != null && delta <= 0 && (-delta >= REPLAY_WINDOW || (stream.window >>> -delta & 1) != 0)) {
            return SrtpProtector.REPLAYED;
        }
        int plain;
        try {
            plain = cipher.process(buf, off, header, len, ssrc, guessedRoc, seq);
        } catch (AEADBadTagException e) {
            return SrtpProtector.AUTH_FAILED;
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpProtector.CRYPTO_FAILED;
        }
        // Only an authentic packet moves the window and the index (RFC 3711 §3.3.2, step 6).
        if (stream == null) {
            stream = new ReceivedStream(seq);
            streams.put(ssrc, stream);
        }
        stream.accept(guessedRoc, seq, delta);
        return header + plain;
    }

    /** Wipes the session salt (see {@link GcmRtpCipher#wipe}). */
    @Override
    public void close() {
        cipher.wipe();
    }

    /** One SSRC's receive state: ROC, highest sequence number and the replay window behind it. */
    private static final class ReceivedStream {
        final RolloverCounter counter;
        /** Bit i set: the packet i behind the highest index was received. */
        long window;

        ReceivedStream(int firstSeq) {
            this.counter = new RolloverCounter(firstSeq);
        }

        void accept(int guessedRoc, int seq, long delta) {
            if (delta >= REPLAY_WINDOW) {
                window = 1;
            } else if (delta > 0) {
                window = window << delta | 1;
            } else {
                window |= 1L << -delta;
            }
            counter.advance(guessedRoc, seq);
        }
    }
}
