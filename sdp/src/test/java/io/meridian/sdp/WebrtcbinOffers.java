package io.meridian.sdp;

/**
 * Offers shaped like GStreamer webrtcbin's with {@code bundle-policy=max-bundle}: every m-line but the first has
 * port 0 and {@code a=bundle-only} (RFC 8829 §5.2.1) yet repeats the transport attributes and rtcp-mux; codecs come
 * from caps (upper-case {@code OPUS}, opus {@code sprop-*} fmtp, rtx on the first free payload type); tracks are
 * signalled by SSRC only, with the RTCP cname as msid stream id and the transceiver's name as track id; no a=msid,
 * no msid-semantic, no candidates (webrtcbin trickles them).
 */
final class WebrtcbinOffers {
    static final String UFRAG = "Kc3wCWAv+pOyO6Mvv3Yn2WJm3tBwNGB2";
    static final String PWD = "q0S/ZfE7uWgTfVdLxN4hA1sY9bRk2mJc";
    static final String CNAME = "user2812530418@host-5d9dc1d7";
    static final long VIDEO_SSRC = 1920476592L;
    static final long RTX_SSRC = 3052133950L;
    static final long AUDIO_SSRC = 3484078952L;
    static final long SCREEN_SSRC = 2279181423L;
    static final long SCREEN_RTX_SSRC = 1104822219L;

    private WebrtcbinOffers() {
    }

    /** The join offer: VP8 video (mid video0, the BUNDLE tag) and bundle-only opus audio (mid audio1). */
    static String joinOffer() {
        return header(0, "video0 audio1") + video(9, "video0", "webrtctransceiver0", VIDEO_SSRC, RTX_SSRC)
                + audio(0, "audio1");
    }

    /**
     * The offer webrtcbin makes when a second video track is added after joining: the m-lines of its last offer
     * copied (audio1 still bundle-only), then the new transceiver's m-line, bundle-only as it is not the first.
     */
    static String reofferAddingVideo() {
        return header(1, "video0 audio1 video2") + video(9, "video0", "webrtctransceiver0", VIDEO_SSRC, RTX_SSRC)
                + audio(0, "audio1")
                + video(0, "video2", "webrtctransceiver2", SCREEN_SSRC, SCREEN_RTX_SSRC);
    }

    private static String header(int version, String bundle) {
        return "v=0\r\n"
                + "o=- 1872736410925426741 " + version + " IN IP4 0.0.0.0\r\n"
                + "s=-\r\n"
                + "t=0 0\r\n"
                + "a=ice-options:trickle\r\n"
                + "a=group:BUNDLE " + bundle + "\r\n";
    }

    private static String transport(int port, String kind, String formats) {
        return "m=" + kind + " " + port + " UDP/TLS/RTP/SAVPF " + formats + "\r\n"
                + "c=IN IP4 0.0.0.0\r\n"
                + "a=setup:actpass\r\n"
                + "a=ice-ufrag:" + UFRAG + "\r\n"
                + "a=ice-pwd:" + PWD + "\r\n"
                + (port == 0 ? "a=bundle-only\r\n" : "")
                + "a=rtcp-mux\r\n"
                + "a=rtcp-rsize\r\n"
                + "a=sendrecv\r\n";
    }

    private static String ending(String mid) {
        return "a=mid:" + mid + "\r\n"
                + "a=fingerprint:sha-256 " + ChromiumOffers.FINGERPRINT_B + "\r\n";
    }

    private static String video(int port, String mid, String transceiver, long ssrc, long rtxSsrc) {
        return transport(port, "video", "96 98")
                + "a=rtpmap:96 VP8/90000\r\n"
                + "a=rtcp-fb:96 nack\r\n"
                + "a=rtcp-fb:96 nack pli\r\n"
                + "a=rtcp-fb:96 ccm fir\r\n"
                + "a=rtcp-fb:96 transport-cc\r\n"
                + "a=extmap:1 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
                + "a=rtpmap:98 rtx/90000\r\n"
                + "a=fmtp:98 apt=96\r\n"
                + "a=ssrc-group:FID " + ssrc + " " + rtxSsrc + "\r\n"
                + "a=ssrc:" + ssrc + " msid:" + CNAME + " " + transceiver + "\r\n"
                + "a=ssrc:" + ssrc + " cname:" + CNAME + "\r\n"
                + "a=ssrc:" + rtxSsrc + " msid:" + CNAME + " " + transceiver + "\r\n"
                + "a=ssrc:" + rtxSsrc + " cname:" + CNAME + "\r\n"
                + ending(mid);
    }

    private static String audio(int port, String mid) {
        return transport(port, "audio", "97")
                + "a=rtpmap:97 OPUS/48000/2\r\n"
                + "a=rtcp-fb:97 transport-cc\r\n"
                + "a=extmap:1 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
                + "a=fmtp:97 sprop-maxcapturerate=48000;sprop-stereo=0\r\n"
                + "a=ssrc:" + AUDIO_SSRC + " msid:" + CNAME + " webrtctransceiver1\r\n"
                + "a=ssrc:" + AUDIO_SSRC + " cname:" + CNAME + "\r\n"
                + ending(mid);
    }
}
