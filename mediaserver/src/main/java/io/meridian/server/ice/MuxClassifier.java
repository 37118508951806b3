package io.meridian.server.ice;

/**
 * Demultiplexes the single media port: STUN, DTLS and SRTP/SRTCP share one 5-tuple (RFC 7983, RFC 5764 §5.1.2),
 * and RTCP shares it with RTP (rtcp-mux, RFC 5761). Static and allocation-free because it runs on every datagram.
 */
public final class MuxClassifier {

    private MuxClassifier() {
    }

    /**
     * Classifies a datagram by its first byte, using the ranges of RFC 7983 §7. Ranges Meridian does not speak
     * (ZRTP 16..19, TURN channels 64..79, QUIC) are {@link PacketKind#UNKNOWN} so the caller drops them.
     */
    public static PacketKind classify(byte firstByte) {
        int b = firstByte & 0xFF;
        if (b <= 3) {
            return PacketKind.STUN;
        }
        if (b >= 20 && b <= 63) {
            return PacketKind.DTLS;
        }
        if (b >= 128 && b <= 191) {
            return PacketKind.RTP_RTCP;
        }
        return PacketKind.UNKNOWN;
    }
}
