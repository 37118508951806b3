package io.meridian.sdp;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offers shaped like Chromium's (unified plan, max-bundle, rtcp-mux, actpass): opus with red and legacy codecs,
 * VP8/VP9/AV1/H264 with rtx, red and ulpfec, transport-cc and MID/RID extensions, and a data channel.
 */
final class ChromiumOffers {
    static final String FINGERPRINT_A =
            "7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08";
    static final String FINGERPRINT_B =
            "19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2";

    /** A client: its transport and the numbers it puts on the wire. */
    record Client(String ufrag, String pwd, String fingerprint, String cname, String stream, long audioSsrc,
            long videoSsrc, long rtxSsrc) {
    }

    static final Client ALICE = new Client("Xk3q", "ZmFgY2Jl0Yk3Mm2pQ1x5Rh9t", FINGERPRINT_A, "aliceCname",
            "alice-stream", 1001, 2001, 2002);
    static final Client BOB = new Client("pQ7v", "Tq2oL8sV0mYc4nR1bW6eZ3kH", FINGERPRINT_B, "bobCname",
            "bob-stream", 5001, 6001, 6002);

    private ChromiumOffers() {
    }

    static String offer(Client c) {
        return TEMPLATE
                .replace("@UFRAG@", c.ufrag())
                .replace("@PWD@", c.pwd())
                .replace("@FP@", c.fingerprint())
                .replace("@CNAME@", c.cname())
                .replace("@STREAM@", c.stream())
                .replace("@ASSRC@", Long.toString(c.audioSsrc()))
                .replace("@VSSRC@", Long.toString(c.videoSsrc()))
                .replace("@RSSRC@", Long.toString(c.rtxSsrc()));
    }

    /** Renumbers payload types everywhere they appear (m= lines, rtpmap, fmtp, rtcp-fb, apt=). */
    static String renumberPayloadTypes(String sdp, Map<Integer, Integer> change) {
        StringBuilder out = new StringBuilder();
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("m=audio") || line.startsWith("m=video")) {
                String[] parts = line.split(" ");
                for (int i = 3; i < parts.length; i++) {
                    parts[i] = Integer.toString(change.getOrDefault(Integer.parseInt(parts[i]), Integer.parseInt(parts[i])));
                }
                line = String.join(" ", parts);
            } else {
                Matcher m = Pattern.compile("^a=(rtpmap|fmtp|rtcp-fb):(\\d+) (.*)$").matcher(line);
                if (m.matches()) {
                    int pt = Integer.parseInt(m.group(2));
                    String rest = m.group(3);
                    Matcher apt = Pattern.compile("apt=(\\d+)").matcher(rest);
                    if (apt.find()) {
                        int target = Integer.parseInt(apt.group(1));
                        rest = rest.replace("apt=" + target, "apt=" + change.getOrDefault(target, target));
                    }
                    line = "a=" + m.group(1) + ":" + change.getOrDefault(pt, pt) + " " + rest;
                }
            }
            out.append(line).append("\r\n");
        }
        return out.toString();
    }

    /** Renumbers extmap ids. */
    static String renumberExtensions(String sdp, Map<Integer, Integer> change) {
        StringBuilder out = new StringBuilder();
        for (String line : sdp.split("\r\n")) {
            Matcher m = Pattern.compile("^a=extmap:(\\d+) (.*)$").matcher(line);
            if (m.matches()) {
                int id = Integer.parseInt(m.group(1));
                line = "a=extmap:" + change.getOrDefault(id, id) + " " + m.group(2);
            }
            out.append(line).append("\r\n");
        }
        return out.toString();
    }

    static final String AUDIO_CODECS = """
            a=rtpmap:111 opus/48000/2\r
            a=rtcp-fb:111 transport-cc\r
            a=fmtp:111 minptime=10;useinbandfec=1\r
            a=rtpmap:63 red/48000/2\r
            a=fmtp:63 111/111\r
            a=rtpmap:9 G722/8000\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:8 PCMA/8000\r
            a=rtpmap:13 CN/8000\r
            a=rtpmap:110 telephone-event/48000\r
            a=rtpmap:126 telephone-event/8000\r
            """;

    static final String AUDIO_FORMATS = "111 63 9 0 8 13 110 126";

    static final String AUDIO_EXTENSIONS = """
            a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r
            a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r
            a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r
            a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r
            """;

    static final String VIDEO_FORMATS = "96 97 98 99 100 101 45 46 102 103 104 105 106 107 39 40 112 113 114";

    static final String VIDEO_EXTENSIONS = """
            a=extmap:14 urn:ietf:params:rtp-hdrext:toffset\r
            a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r
            a=extmap:13 urn:3gpp:video-orientation\r
            a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r
            a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\r
            a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type\r
            a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing\r
            a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space\r
            a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r
            a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r
            a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r
            """;

    static final String VIDEO_CODECS = """
            a=rtpmap:96 VP8/90000\r
            a=rtcp-fb:96 goog-remb\r
            a=rtcp-fb:96 transport-cc\r
            a=rtcp-fb:96 ccm fir\r
            a=rtcp-fb:96 nack\r
            a=rtcp-fb:96 nack pli\r
            a=rtpmap:97 rtx/90000\r
            a=fmtp:97 apt=96\r
            a=rtpmap:98 VP9/90000\r
            a=rtcp-fb:98 goog-remb\r
            a=rtcp-fb:98 transport-cc\r
            a=rtcp-fb:98 ccm fir\r
            a=rtcp-fb:98 nack\r
            a=rtcp-fb:98 nack pli\r
            a=fmtp:98 profile-id=0\r
            a=rtpmap:99 rtx/90000\r
            a=fmtp:99 apt=98\r
            a=rtpmap:100 VP9/90000\r
            a=rtcp-fb:100 goog-remb\r
            a=rtcp-fb:100 transport-cc\r
            a=rtcp-fb:100 ccm fir\r
            a=rtcp-fb:100 nack\r
            a=rtcp-fb:100 nack pli\r
            a=fmtp:100 profile-id=2\r
            a=rtpmap:101 rtx/90000\r
            a=fmtp:101 apt=100\r
            a=rtpmap:45 AV1/90000\r
            a=rtcp-fb:45 goog-remb\r
            a=rtcp-fb:45 transport-cc\r
            a=rtcp-fb:45 ccm fir\r
            a=rtcp-fb:45 nack\r
            a=rtcp-fb:45 nack pli\r
            a=fmtp:45 level-idx=5;profile=0;tier=0\r
            a=rtpmap:46 rtx/90000\r
            a=fmtp:46 apt=45\r
            a=rtpmap:102 H264/90000\r
            a=rtcp-fb:102 goog-remb\r
            a=rtcp-fb:102 transport-cc\r
            a=rtcp-fb:102 ccm fir\r
            a=rtcp-fb:102 nack\r
            a=rtcp-fb:102 nack pli\r
            a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r
            a=rtpmap:103 rtx/90000\r
            a=fmtp:103 apt=102\r
            a=rtpmap:104 H264/90000\r
            a=rtcp-fb:104 goog-remb\r
            a=rtcp-fb:104 transport-cc\r
            a=rtcp-fb:104 ccm fir\r
            a=rtcp-fb:104 nack\r
            a=rtcp-fb:104 nack pli\r
            a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f\r
            a=rtpmap:105 rtx/90000\r
            a=fmtp:105 apt=104\r
            a=rtpmap:106 H264/90000\r
            a=rtcp-fb:106 goog-remb\r
            a=rtcp-fb:106 transport-cc\r
            a=rtcp-fb:106 ccm fir\r
            a=rtcp-fb:106 nack\r
            a=rtcp-fb:106 nack pli\r
            a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r
            a=rtpmap:107 rtx/90000\r
            a=fmtp:107 apt=106\r
            a=rtpmap:39 H264/90000\r
            a=rtcp-fb:39 goog-remb\r
            a=rtcp-fb:39 transport-cc\r
            a=rtcp-fb:39 ccm fir\r
            a=rtcp-fb:39 nack\r
            a=rtcp-fb:39 nack pli\r
            a=fmtp:39 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640034\r
            a=rtpmap:40 rtx/90000\r
            a=fmtp:40 apt=39\r
            a=rtpmap:112 red/90000\r
            a=rtpmap:113 rtx/90000\r
            a=fmtp:113 apt=112\r
            a=rtpmap:114 ulpfec/90000\r
            """;

    private static final String TRANSPORT = """
            c=IN IP4 0.0.0.0\r
            a=rtcp:9 IN IP4 0.0.0.0\r
            a=ice-ufrag:@UFRAG@\r
            a=ice-pwd:@PWD@\r
            a=ice-options:trickle\r
            a=fingerprint:sha-256 @FP@\r
            a=setup:actpass\r
            """;

    /** A sendrecv audio or video m-section as Chromium writes it; {@code ssrcLines} may be empty. */
    static String section(String kind, String mid, String direction, String msid, String ssrcLines) {
        boolean audio = kind.equals("audio");
        return "m=" + kind + " 9 UDP/TLS/RTP/SAVPF " + (audio ? AUDIO_FORMATS : VIDEO_FORMATS) + "\r\n"
                + TRANSPORT
                + "a=mid:" + mid + "\r\n"
                + (audio ? AUDIO_EXTENSIONS : VIDEO_EXTENSIONS)
                + "a=" + direction + "\r\n"
                + (msid.isEmpty() ? "" : "a=msid:" + msid + "\r\n")
                + "a=rtcp-mux\r\n"
                + "a=rtcp-rsize\r\n"
                + (audio ? AUDIO_CODECS : VIDEO_CODECS)
                + ssrcLines;
    }

    private static final String TEMPLATE = """
            v=0\r
            o=- 4215775240449105457 2 IN IP4 127.0.0.1\r
            s=-\r
            t=0 0\r
            a=group:BUNDLE 0 1 2\r
            a=extmap-allow-mixed\r
            a=msid-semantic: WMS @STREAM@\r
            """
            + section("audio", "0", "sendrecv", "@STREAM@ audio-@STREAM@",
                    "a=ssrc:@ASSRC@ cname:@CNAME@\r\na=ssrc:@ASSRC@ msid:@STREAM@ audio-@STREAM@\r\n")
            + section("video", "1", "sendrecv", "@STREAM@ video-@STREAM@",
                    "a=ssrc-group:FID @VSSRC@ @RSSRC@\r\n"
                    + "a=ssrc:@VSSRC@ cname:@CNAME@\r\na=ssrc:@VSSRC@ msid:@STREAM@ video-@STREAM@\r\n"
                    + "a=ssrc:@RSSRC@ cname:@CNAME@\r\na=ssrc:@RSSRC@ msid:@STREAM@ video-@STREAM@\r\n")
            + """
            m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r
            """
            + TRANSPORT
            + """
            a=mid:2\r
            a=sctp-port:5000\r
            a=max-message-size:262144\r
            """;
}
