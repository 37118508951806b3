package io.meridian.server.peer;

import io.meridian.sdp.MediaDescription;
import io.meridian.sdp.SdpException;
import io.meridian.sdp.SessionDescription;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The peer's SDP: a join offer shaped like Chromium's (unified plan, max-bundle, rtcp-mux, actpass) with opus and
 * VP8 + rtx, and answers to the server's renegotiation offers as a browser would write them.
 */
public final class PeerSdp {
    public static final int OPUS_PT = 111;
    public static final int VP8_PT = 96;
    public static final int RTX_PT = 97;

    private static final Set<String> CODEC_ATTRIBUTES = Set.of("rtpmap", "fmtp", "rtcp-fb");
    private static final List<String> DIRECTIONS = List.of("sendrecv", "sendonly", "recvonly", "inactive");

    private PeerSdp() {
    }

    /** A join offer: BUNDLE of audio mid 0 and video mid 1, both sendrecv, with this peer's SSRCs. */
    public static String joinOffer(PeerIdentity id, String fingerprint) {
        String msidAudio = id.streamId() + " " + id.audioTrackId();
        String msidVideo = id.streamId() + " " + id.videoTrackId();
        return "v=0\r\n"
                + "o=- " + sessionId() + " 2 IN IP4 127.0.0.1\r\n"
                + "s=-\r\n"
                + "t=0 0\r\n"
                + "a=group:BUNDLE 0 1\r\n"
                + "a=extmap-allow-mixed\r\n"
                + "a=msid-semantic: WMS " + id.streamId() + "\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF " + OPUS_PT + "\r\n"
                + transport(id, fingerprint, "actpass")
                + "a=mid:0\r\n"
                + "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
                + "a=sendrecv\r\n"
                + "a=msid:" + msidAudio + "\r\n"
                + "a=rtcp-mux\r\n"
                + "a=rtcp-rsize\r\n"
                + "a=rtpmap:" + OPUS_PT + " opus/48000/2\r\n"
                + "a=fmtp:" + OPUS_PT + " minptime=10;useinbandfec=1\r\n"
                + "a=ssrc:" + id.audioSsrc() + " cname:" + id.cname() + "\r\n"
                + "a=ssrc:" + id.audioSsrc() + " msid:" + msidAudio + "\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF " + VP8_PT + " " + RTX_PT + "\r\n"
                + transport(id, fingerprint, "actpass")
                + "a=mid:1\r\n"
                + "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset\r\n"
                + "a=sendrecv\r\n"
                + "a=msid:" + msidVideo + "\r\n"
                + "a=rtcp-mux\r\n"
                + "a=rtcp-rsize\r\n"
                + "a=rtpmap:" + VP8_PT + " VP8/90000\r\n"
                + "a=rtcp-fb:" + VP8_PT + " ccm fir\r\n"
                + "a=rtcp-fb:" + VP8_PT + " nack\r\n"
                + "a=rtcp-fb:" + VP8_PT + " nack pli\r\n"
                + "a=rtpmap:" + RTX_PT + " rtx/90000\r\n"
                + "a=fmtp:" + RTX_PT + " apt=" + VP8_PT + "\r\n"
                + "a=ssrc-group:FID " + id.videoSsrc() + " " + id.rtxSsrc() + "\r\n"
                + "a=ssrc:" + id.videoSsrc() + " cname:" + id.cname() + "\r\n"
                + "a=ssrc:" + id.videoSsrc() + " msid:" + msidVideo + "\r\n"
                + "a=ssrc:" + id.rtxSsrc() + " cname:" + id.cname() + "\r\n"
                + "a=ssrc:" + id.rtxSsrc() + " msid:" + msidVideo + "\r\n";
    }

    /**
     * The answer to a server offer: the same m-lines, mids and codecs, each direction seen from this side
     * (sendonly becomes recvonly), {@code a=setup:active}, this peer's ICE credentials and fingerprint, no
     * candidates, no ice-lite and no SSRC lines. Rejected (port 0) m-lines stay rejected.
     */
    public static String answer(String serverOffer, PeerIdentity id, String fingerprint) throws SdpException {
        SessionDescription offer = SessionDescription.parse(serverOffer);
        StringBuilder out = new StringBuilder()
                .append("v=0\r\n")
                .append("o=- ").append(sessionId()).append(" 2 IN IP4 127.0.0.1\r\n")
                .append("s=-\r\n")
                .append("t=0 0\r\n");
        offer.attribute("group").ifPresent(group -> out.append("a=group:").append(group).append("\r\n"));
        out.append("a=msid-semantic: WMS ").append(id.streamId()).append("\r\n");
        for (MediaDescription m : offer.media()) {
            String formats = String.join(" ", m.formats());
            String mid = m.mid().orElseThrow(() -> new AssertionError("server m-line without mid:\n" + serverOffer));
            if (m.port() == 0) {
                out.append("m=").append(m.kind()).append(" 0 ").append(m.proto()).append(' ').append(formats)
                        .append("\r\nc=IN IP4 0.0.0.0\r\na=mid:").append(mid).append("\r\n");
                continue;
            }
            out.append("m=").append(m.kind()).append(" 9 ").append(m.proto()).append(' ').append(formats)
                    .append("\r\n").append(transport(id, fingerprint, "active"))
                    .append("a=mid:").append(mid).append("\r\n");
            m.attributeValues("extmap").forEach(v -> out.append("a=extmap:").append(v).append("\r\n"));
            out.append("a=").append(reversed(direction(m))).append("\r\n");
            out.append("a=rtcp-mux\r\n");
            if (m.hasAttribute("rtcp-rsize")) {
                out.append("a=rtcp-rsize\r\n");
            }
            m.attributes().stream().filter(a -> CODEC_ATTRIBUTES.contains(a.name()))
                    .forEach(a -> out.append(a).append("\r\n"));
        }
        return out.toString();
    }

    /** The offer without any {@code a=<name>} line, at session or media level. */
    public static String without(String sdp, String attributeName) {
        String prefix = "a=" + attributeName + ":";
        return sdp.lines().filter(line -> !line.startsWith(prefix) && !line.equals("a=" + attributeName))
                .map(line -> line + "\r\n").collect(Collectors.joining());
    }

    /** The direction attribute of an m-line; sendrecv when it has none (RFC 8866 §6.7). */
    public static String direction(MediaDescription m) {
        return m.attributes().stream().map(a -> a.name()).filter(DIRECTIONS::contains).findFirst()
                .orElse("sendrecv");
    }

    private static String reversed(String direction) {
        return switch (direction) {
            case "sendonly" -> "recvonly";
            case "recvonly" -> "sendonly";
            default -> direction;
        };
    }

    private static String transport(PeerIdentity id, String fingerprint, String setup) {
        return "c=IN IP4 0.0.0.0\r\n"
                + "a=rtcp:9 IN IP4 0.0.0.0\r\n"
                + "a=ice-ufrag:" + id.ufrag() + "\r\n"
                + "a=ice-pwd:" + id.pwd() + "\r\n"
                + "a=ice-options:trickle\r\n"
                + "a=fingerprint:sha-256 " + fingerprint + "\r\n"
                + "a=setup:" + setup + "\r\n";
    }

    private static long sessionId() {
        return ThreadLocalRandom.current().nextLong() >>> 2;
    }
}
