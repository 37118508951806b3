package io.meridian.server.ice;

/**
 * What a datagram arriving on the shared media port carries, judged by its first byte (RFC 7983 §7).
 */
public enum PacketKind {
    /** STUN: ICE connectivity checks and consent freshness (first byte 0..3). */
    STUN,
    /** DTLS handshake and alerts (first byte 20..63). */
    DTLS,
    /** SRTP or SRTCP (first byte 128..191); the router tells them apart by the second byte (RFC 5761 §4). */
    RTP_RTCP,
    /** ZRTP, TURN channel data, QUIC or garbage: nothing Meridian speaks on this port. */
    UNKNOWN
}
