package io.meridian.sdp;

/**
 * Offers as aiortc 1.4.0 (Debian bookworm's python3-aiortc) writes them, captured from its createOffer (host
 * candidates moved to a lab address): one ICE transport per m-line (own port, ufrag and pwd) until the answer's
 * BUNDLE group merges them, so the BUNDLE tag's credentials are the audio m-line's; candidates gathered before the
 * offer (no trickle); tracks signalled by {@code a=msid} and {@code a=ssrc ... cname} (no ssrc msid), even on
 * recvonly m-lines; no transport-cc; and extension id 2 meaning ssrc-audio-level on audio but abs-send-time on
 * video, although one id must mean one extension across a BUNDLE group (RFC 8843): aiortc reads every packet
 * of the transport with one map.
 */
final class AiortcOffers {
    static final String UFRAG = "tN2K";
    static final String PWD = "KxUjapTX9albjasxrfPR15";
    static final String STREAM = "d3e4bd8d-37a0-45b4-b910-ca5cb06fcc3e";
    static final String AUDIO_TRACK = "2395ee0c-afd1-43ad-a7f2-dae48d545b19";
    static final String VIDEO_TRACK = "f7671659-b4d4-4e95-9bb1-f171643ac531";
    static final String CNAME = "f6eac28e-af1c-4058-9668-537f91c68de7";
    static final long AUDIO_SSRC = 1729849794L;
    static final long VIDEO_SSRC = 929463971L;
    static final long RTX_SSRC = 1776844216L;
    /** The id aiortc gives two extensions. */
    static final int AMBIGUOUS_ID = 2;

    private static final String FINGERPRINTS = """
            a=fingerprint:sha-256 A1:15:36:5C:E9:34:A3:57:63:D6:3F:24:BD:04:ED:FA:55:78:9B:6D:24:A5:57:18:DE:99:A0:1D:A5:DA:C1:71\r
            a=setup:actpass\r
            """;

    private AiortcOffers() {
    }

    /** A peer that sends a track of each kind (addTrack): sendrecv m-lines 0 (opus) and 1 (VP8, H264). */
    static String publishingOffer() {
        return """
                v=0\r
                o=- 4005585560 4005585560 IN IP4 0.0.0.0\r
                s=-\r
                t=0 0\r
                a=group:BUNDLE 0 1\r
                a=msid-semantic:WMS *\r
                m=audio 60342 UDP/TLS/RTP/SAVPF 96 0 8\r
                c=IN IP4 10.139.3.2\r
                a=sendrecv\r
                a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid\r
                a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r
                a=mid:0\r
                a=msid:%1$s %2$s\r
                a=rtcp:9 IN IP4 0.0.0.0\r
                a=rtcp-mux\r
                a=ssrc:%4$d cname:%7$s\r
                a=rtpmap:96 opus/48000/2\r
                a=rtpmap:0 PCMU/8000\r
                a=rtpmap:8 PCMA/8000\r
                a=candidate:f957a2332b1715da3b0ef8ba684454eb 1 udp 2130706431 10.139.3.2 60342 typ host\r
                a=end-of-candidates\r
                a=ice-ufrag:%8$s\r
                a=ice-pwd:%9$s\r
                %10$sm=video 54335 UDP/TLS/RTP/SAVPF 97 98 99 100 101 102\r
                c=IN IP4 10.139.3.2\r
                a=sendrecv\r
                a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid\r
                a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r
                a=mid:1\r
                a=msid:%1$s %3$s\r
                a=rtcp:9 IN IP4 0.0.0.0\r
                a=rtcp-mux\r
                a=ssrc-group:FID %5$d %6$d\r
                a=ssrc:%5$d cname:%7$s\r
                a=ssrc:%6$d cname:%7$s\r
                a=rtpmap:97 VP8/90000\r
                a=rtcp-fb:97 nack\r
                a=rtcp-fb:97 nack pli\r
                a=rtcp-fb:97 goog-remb\r
                a=rtpmap:98 rtx/90000\r
                a=fmtp:98 apt=97\r
                a=rtpmap:99 H264/90000\r
                a=rtcp-fb:99 nack\r
                a=rtcp-fb:99 nack pli\r
                a=rtcp-fb:99 goog-remb\r
                a=fmtp:99 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r
                a=rtpmap:100 rtx/90000\r
                a=fmtp:100 apt=99\r
                a=rtpmap:101 H264/90000\r
                a=rtcp-fb:101 nack\r
                a=rtcp-fb:101 nack pli\r
                a=rtcp-fb:101 goog-remb\r
                a=fmtp:101 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r
                a=rtpmap:102 rtx/90000\r
                a=fmtp:102 apt=101\r
                a=candidate:f957a2332b1715da3b0ef8ba684454eb 1 udp 2130706431 10.139.3.2 54335 typ host\r
                a=end-of-candidates\r
                a=ice-ufrag:JOSp\r
                a=ice-pwd:htGoJZN7NCKPnBJPDGY1bU\r
                %10$s""".formatted(STREAM, AUDIO_TRACK, VIDEO_TRACK, AUDIO_SSRC, VIDEO_SSRC, RTX_SSRC, CNAME, UFRAG,
                PWD, FINGERPRINTS);
    }

    /** A peer that only receives (addTransceiver with direction recvonly): the same lines but the direction. */
    static String receivingOffer() {
        return publishingOffer().replace("a=sendrecv\r\n", "a=recvonly\r\n");
    }
}
