package io.meridian.srtp;

import java.util.List;
import java.util.Optional;
import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP protection profiles Meridian negotiates in the DTLS use_srtp extension (RFC 5764 §4.1.2).
 * Chromium and Firefox offer both; AEAD GCM is preferred because it authenticates and encrypts in one pass.
 */
public enum SrtpProfile {
    /** RFC 7714 §14.2: 128-bit key, 96-bit salt, 16-byte GCM tag; no separate HMAC. */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16),
    /** RFC 5764 §4.1.2 / RFC 3711: AES counter mode with an 80-bit HMAC-SHA1 tag and a 112-bit salt. */
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10);

    /** Order in which the server picks a profile among those the client offers. */
    public static final List<SrtpProfile> SERVER_PREFERENCE = List.of(AEAD_AES_128_GCM, AES_CM_128_HMAC_SHA1_80);

    /** RFC 3711 §4.2: HMAC-SHA1 session authentication key length (n_a = 160 bits). */
    private static final int HMAC_SHA1_KEY_LENGTH = 20;
    /** RFC 3711 §3.4: SRTCP appends the E flag and the 31-bit SRTCP index. */
    private static final int SRTCP_INDEX_LENGTH = 4;

    private final int useSrtpId;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;

    SrtpProfile(int useSrtpId, int keyLength, int saltLength, int tagLength) {
        this.useSrtpId = useSrtpId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    /** The SRTPProtectionProfile value carried in the use_srtp extension. */
    public int useSrtpId() {
        return useSrtpId;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    public int tagLength() {
        return tagLength;
    }

    /** Bytes SRTP adds after an RTP packet: the authentication tag (RFC 3711 §3.1, RFC 7714 §8). */
    public int rtpTrailerLength() {
        return tagLength;
    }

    /** Bytes SRTCP adds after an RTCP packet: E flag + index and the tag (RFC 3711 §3.4, RFC 7714 §9). */
    public int rtcpTrailerLength() {
        return SRTCP_INDEX_LENGTH + tagLength;
    }

    public static Optional<SrtpProfile> fromUseSrtpId(int id) {
        for (SrtpProfile p : values()) {
            if (p.useSrtpId == id) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** A fresh jitsi-srtp policy (SrtpPolicy is mutable, so every context factory gets its own). */
    SrtpPolicy newPolicy() {
        SrtpPolicy policy = switch (this) {
            case AEAD_AES_128_GCM -> new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, keyLength,
                SrtpPolicy.NULL_AUTHENTICATION, 0, tagLength, saltLength);
            case AES_CM_128_HMAC_SHA1_80 -> new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyLength,
                SrtpPolicy.HMACSHA1_AUTHENTICATION, HMAC_SHA1_KEY_LENGTH, tagLength, saltLength);
        };
        // RFC 3711 §3.3.2: the receiver MUST reject replayed packets.
        policy.setReceiveReplayEnabled(true);
        // The sender-side check in jitsi-srtp is only a self-consistency check; it would refuse a NACK
        // retransmission re-sent on the original SSRC and sequence number (no RTX negotiated), so it stays off.
        policy.setSendReplayEnabled(false);
        return policy;
    }
}
