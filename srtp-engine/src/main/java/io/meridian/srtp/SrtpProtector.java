package io.meridian.srtp;

import java.security.GeneralSecurityException;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP protection for one participant leg (RFC 3711, RFC 7714 for GCM), in place over the caller's
 * buffer, built from the keys of that leg's DTLS handshake.
 *
 * <p>Not thread-safe, no locks of its own, no logging: confined to the leg's event loop, except that
 * {@link #protectRtp} may run on one thread (a loop that takes part of a large fan-out) while everything else runs
 * on another: outbound RTP has its own context factory, contexts and buffer view, shared with nothing else.
 * With GCM, RTP goes through {@link GcmRtpSealer} and {@link GcmRtpOpener} and RTCP through {@link GcmRtcpSealer} and
 * {@link GcmRtcpOpener}, over OpenSSL, allocating nothing per packet. The CM profile, and GCM on a machine without
 * jitsi-srtp's OpenSSL library, use jitsi-srtp's contexts, whose {@code Cipher.init} per packet allocates about 90
 * bytes. Either way the per-SSRC state of each direction is made once and kept; inbound state only after its
 * stream's first packet authenticates, so packets with forged SSRCs cost CPU but never memory. Callers count
 * failures by the negative return codes.
 *
 * <p>Key use (RFC 5764 §4.2): outbound packets are protected with this role's write key and salt, inbound packets
 * are checked with the peer's, so a server leg decrypts with the client write key and encrypts with the server's.
 */
public final class SrtpProtector implements AutoCloseable {
    /** The authentication tag did not verify (RFC 3711 §3.3, step 5; RFC 7714 §8.2). */
    public static final int AUTH_FAILED = -1;
    /** The packet index was seen before or is behind the replay window (RFC 3711 §3.3.2). */
    public static final int REPLAYED = -2;
    /** Too short, or not RTP/RTCP version 2. */
    public static final int MALFORMED = -3;
    /** The cipher itself failed, not the packet: a broken crypto provider. */
    public static final int CRYPTO_FAILED = -4;

    /** Tail room a caller must leave after RTP or RTCP for any profile: the SRTCP index plus a 16-byte GCM tag. */
    public static final int MAX_TRAILER_LENGTH = 20;

    private static final int RTP_HEADER_LENGTH = 12;
    private static final int RTCP_HEADER_LENGTH = 8;
    private static final int RTP_VERSION_2 = 0x80;
    private static final int VERSION_MASK = 0xC0;

    private final SrtpProfile profile;
    /** Outbound RTP only (see the class comment); outbound RTCP has its own. */
    private final SrtpContextFactory outboundFactory;
    private final SrtpContextFactory rtcpOutboundFactory;
    private final SrtpContextFactory inboundFactory;
    private final SsrcTable<SrtpCryptoContext> rtpOutbound = new SsrcTable<>();
    private final SsrcTable<SrtpCryptoContext> rtpInbound = new SsrcTable<>();
    private final SsrcTable<SrtcpCryptoContext> rtcpOutbound = new SsrcTable<>();
    private final SsrcTable<SrtcpCryptoContext> rtcpInbound = new SsrcTable<>();
    private final PacketBufferView rtpOutView = new PacketBufferView();
    private final PacketBufferView rtcpOutView = new PacketBufferView();
    private final PacketBufferView inView = new PacketBufferView();
    /** GCM without per-packet allocation; null for the CM profile or without jitsi's OpenSSL. */
    private final GcmRtpSealer gcmSealer;
    private final GcmRtpOpener gcmOpener;
    private final GcmRtcpSealer gcmRtcpSealer;
    private final GcmRtcpOpener gcmRtcpOpener;

    public SrtpProtector(SrtpKeys keys, DtlsRole role) {
        this.profile = keys.profile();
        // jitsi-srtp logs through java.util.logging; its per-packet calls are debug-level lambdas left unevaluated.
        LoggerImpl logger = new LoggerImpl(SrtpProtector.class.getName());
        this.outboundFactory = new SrtpContextFactory(true, keys.localKey(role), keys.localSalt(role),
            profile.newPolicy(), profile.newPolicy(), logger);
        this.inboundFactory = new SrtpContextFactory(false, keys.remoteKey(role), keys.remoteSalt(role),
            profile.newPolicy(), profile.newPolicy(), logger);
        this.gcmSealer = GcmRtpSealer.openSslOrNull(profile, keys.localKey(role), keys.localSalt(role));
        // Outbound RTP that goes through the GCM sealer never touches the factory, so RTCP can have it; otherwise
        // RTCP gets a factory of its own, so the two directions share nothing (see the class comment).
        this.rtcpOutboundFactory = gcmSealer != null ? outboundFactory : new SrtpContextFactory(true,
            keys.localKey(role), keys.localSalt(role), profile.newPolicy(), profile.newPolicy(), logger);
        this.gcmOpener = GcmRtpOpener.openSslOrNull(profile, keys.remoteKey(role), keys.remoteSalt(role));
        this.gcmRtcpSealer = GcmRtcpSealer.openSslOrNull(profile, keys.localKey(role), keys.localSalt(role));
        this.gcmRtcpOpener = GcmRtcpOpener.openSslOrNull(profile, keys.remoteKey(role), keys.remoteSalt(role));
    }

    public SrtpProfile profile() {
        return profile;
    }

    /**
     * Encrypts and authenticates the RTP packet at {@code buf[off, off+len)} in place.
     * The caller leaves at least {@link SrtpProfile#rtpTrailerLength()} bytes after it.
     *
     * @return the SRTP packet length, or {@link #MALFORMED} / {@link #CRYPTO_FAILED}
     */
    public int protectRtp(byte[] buf, int off, int len) {
        if (!isVersion2(buf, off, len, RTP_HEADER_LENGTH)) {
            return MALFORMED;
        }
        checkTailRoom(buf, off, len, profile.rtpTrailerLength());
        if (gcmSealer != null) {
            return gcmSealer.protect(buf, off, len);
        }
        int ssrc = readInt(buf, off + 8);
        try {
            SrtpCryptoContext context = rtpOutbound.get(ssrc);
            if (context == null) {
                // RFC 3711 §3.3.1: a new sender stream starts with ROC 0.
                context = outboundFactory.deriveContext(ssrc, 0);
                rtpOutbound.put(ssrc, context);
            }
            return result(context.transformPacket(rtpOutView.wrap(buf, off, len)), rtpOutView);
        } catch (GeneralSecurityException e) {
            return CRYPTO_FAILED;
        } finally {
            rtpOutView.release();
        }
    }

    /**
     * Authenticates, replay-checks and decrypts the SRTP packet at {@code buf[off, off+len)} in place.
     *
     * @return the RTP packet length, or {@link #AUTH_FAILED}, {@link #REPLAYED}, {@link #MALFORMED},
     *     {@link #CRYPTO_FAILED}
     */
    public int unprotectRtp(byte[] buf, int off, int len) {
        if (!isVersion2(buf, off, len, RTP_HEADER_LENGTH + profile.rtpTrailerLength())) {
            return MALFORMED;
        }
        if (gcmOpener != null) {
            return gcmOpener.unprotect(buf, off, len);
        }
        int ssrc = readInt(buf, off + 8);
        try {
            SrtpCryptoContext context = rtpInbound.get(ssrc);
            boolean fresh = context == null;
            if (fresh) {
                context = inboundFactory.deriveContext(ssrc, 0);
            }
            int result = result(context.reverseTransformPacket(inView.wrap(buf, off, len), false), inView);
            if (fresh && result >= 0) {
                rtpInbound.put(ssrc, context);
            }
            return result;
        } catch (GeneralSecurityException e) {
            return CRYPTO_FAILED;
        } finally {
            inView.release();
        }
    }

    /**
     * Protects the RTCP compound packet at {@code buf[off, off+len)} in place: encrypts it, appends the E flag and
     * the 31-bit SRTCP index kept per sender SSRC (RFC 3711 §3.4) and the tag; for GCM the packet header and the
     * index are the associated data and the index follows the tag (RFC 7714 §9, §17). The caller leaves at least
     * {@link SrtpProfile#rtcpTrailerLength()} bytes after it.
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        if (!isVersion2(buf, off, len, RTCP_HEADER_LENGTH)) {
            return MALFORMED;
        }
        checkTailRoom(buf, off, len, profile.rtcpTrailerLength());
        if (gcmRtcpSealer != null) {
            return gcmRtcpSealer.protect(buf, off, len);
        }
        int ssrc = readInt(buf, off + 4);
        try {
            SrtcpCryptoContext context = rtcpOutbound.get(ssrc);
            if (context == null) {
                context = rtcpOutboundFactory.deriveControlContext(ssrc);
                rtcpOutbound.put(ssrc, context);
            }
            return result(context.transformPacket(rtcpOutView.wrap(buf, off, len)), rtcpOutView);
        } catch (GeneralSecurityException e) {
            return CRYPTO_FAILED;
        } finally {
            rtcpOutView.release();
        }
    }

    /** Authenticates, replay-checks (by SRTCP index) and decrypts an SRTCP packet in place. */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        if (!isVersion2(buf, off, len, RTCP_HEADER_LENGTH + profile.rtcpTrailerLength())) {
            return MALFORMED;
        }
        if (gcmRtcpOpener != null) {
            return gcmRtcpOpener.unprotect(buf, off, len);
        }
        int ssrc = readInt(buf, off + 4);
        try {
            SrtcpCryptoContext context = rtcpInbound.get(ssrc);
            boolean fresh = context == null;
            if (fresh) {
                context = inboundFactory.deriveControlContext(ssrc);
            }
            int result = result(context.reverseTransformPacket(inView.wrap(buf, off, len)), inView);
            if (fresh && result >= 0) {
                rtcpInbound.put(ssrc, context);
            }
            return result;
        } catch (GeneralSecurityException e) {
            return CRYPTO_FAILED;
        } finally {
            inView.release();
        }
    }

    /** Wipes the master keys held by the context factories and the GCM ciphers' session salts. */
    @Override
    public void close() {
        for (GcmTransform gcm : new GcmTransform[] {gcmSealer, gcmOpener, gcmRtcpSealer, gcmRtcpOpener}) {
            if (gcm != null) {
                gcm.close();
            }
        }
        outboundFactory.close();
        if (rtcpOutboundFactory != outboundFactory) {
            rtcpOutboundFactory.close();
        }
        inboundFactory.close();
    }

    /** jitsi-srtp's verdict as a return code (tests compare receivers by it). */
    static int result(SrtpErrorStatus status, PacketBufferView view) {
        switch (status) {
            case OK:
                return view.getLength();
            case AUTH_FAIL:
                return AUTH_FAILED;
            case REPLAY_FAIL:
            case REPLAY_OLD:
                return REPLAYED;
            case INVALID_PACKET:
                return MALFORMED;
            default:
                return CRYPTO_FAILED;
        }
    }

    private static boolean isVersion2(byte[] buf, int off, int len, int minLength) {
        return len >= minLength && (buf[off] & VERSION_MASK) == RTP_VERSION_2;
    }

    /** The caller's contract; breaking it is a bug in the caller, not a bad packet. */
    private static void checkTailRoom(byte[] buf, int off, int len, int trailer) {
        if (off + len + trailer > buf.length) {
            throw new IllegalArgumentException("SRTP needs " + trailer + " bytes of tail room after the packet, "
                + "buffer has " + (buf.length - off - len));
        }
    }

    private static int readInt(byte[] buf, int at) {
        return (buf[at] & 0xFF) << 24 | (buf[at + 1] & 0xFF) << 16 | (buf[at + 2] & 0xFF) << 8 | buf[at + 3] & 0xFF;
    }
}
