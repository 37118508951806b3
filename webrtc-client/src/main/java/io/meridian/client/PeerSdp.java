package io.meridian.client;

import io.meridian.sdp.HeaderExtension;
import io.meridian.sdp.MediaDescription;
import io.meridian.sdp.SdpException;
import io.meridian.sdp.SessionDescription;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * A scripted peer's SDP, shaped like Chromium's (unified plan, max-bundle, rtcp-mux, actpass) with opus and VP8 +
 * rtx, and transport-cc on both: the join offer (sendrecv with this peer's SSRCs when it publishes, recvonly without SSRCs when it only
 * watches) and answers to the node's renegotiation offers, as a browser would write them.
 */
public final class PeerSdp {
    public static final int OPUS_PT = 111;
    public static final int VP8_PT = 96;
    public static final int RTX_PT = 97;
    /** The id this peer offers the transport-wide sequence number under, on both m-lines (one space in a BUNDLE). */
    public static final int TRANSPORT_CC_ID = 3;
    /** The ids of a RID-simulcast m-line's mid, rid and repaired-rid elements, as Chromium numbers them. */
    public static final int MID_ID = 9;
    public static final int RID_ID = 10;
    public static final int REPAIRED_RID_ID = 11;
    /** The video m-line's mid, named by the mid element of its simulcast layers' packets. */
    public static final String VIDEO_MID = "1";
    private static final String TRANSPORT_CC_EXTMAP = TRANSPORT_CC_ID + " " + HeaderExtension.TRANSPORT_WIDE_CC;

    private static final Set<String> CODEC_ATTRIBUTES = Set.of("rtpmap", "fmtp", "rtcp-fb");
    private static final List<String> DIRECTIONS = List.of("sendrecv", "sendonly", "recvonly", "inactive");

    private PeerSdp() {
    }

    /** A join offer: BUNDLE of audio mid 0 and video mid 1, both sendrecv, with this peer's SSRCs. */
    public static String joinOffer(PeerIdentity id, String fingerprint) {
        return joinOffer(id, fingerprint, true);
    }

    /** A join offer: BUNDLE of audio mid 0 and video mid 1; recvonly and without SSRCs unless it publishes. */
    public static String joinOffer(PeerIdentity id, String fingerprint, boolean publishes) {
        return joinOffer(id, fingerprint, publishes, List.of());
    }

    /**
     * A join offer whose video, when it publishes and {@code simulcastRids} is not empty, is RID simulcast as Chromium
     * offers its {@code sendEncodings} (RFC 8851 {@code a=rid:<id> send}, RFC 8853 {@code a=simulcast:send q;h;f},
     * lowest first): the mid, rid and repaired-rid elements (RFC 8852) and no video SSRC lines, since the node learns
     * the layers' SSRCs from their first packets.
     */
    public static String joinOffer(PeerIdentity id, String fingerprint, boolean publishes,
                                   List<String> simulcastRids) {
        boolean simulcast = publishes && !simulcastRids.isEmpty();
        String msidAudio = publishes ? id.streamId() + " " + id.audioTrackId() : null;
        String msidVideo = publishes ? id.streamId() + " " + id.videoTrackId() : null;
        StringBuilder out = new StringBuilder()
                .append("v=0\r\n")
                .append("o=- ").append(sessionId()).append(" 2 IN IP4 127.0.0.1\r\n")
                .append("s=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=extmap-allow-mixed\r\n")
                .append("a=msid-semantic: WMS ").append(id.streamId()).append("\r\n");
        offeredMedia(out, id, fingerprint, "audio 9 UDP/TLS/RTP/SAVPF " + OPUS_PT, "0",
                "1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", msidAudio)
                .append("a=rtpmap:").append(OPUS_PT).append(" opus/48000/2\r\n")
                .append("a=rtcp-fb:").append(OPUS_PT).append(" transport-cc\r\n")
                .append("a=fmtp:").append(OPUS_PT).append(" minptime=10;useinbandfec=1\r\n");
        if (publishes) {
            ssrc(out, id.audioSsrc(), id.cname(), msidAudio);
        }
        offeredMedia(out, id, fingerprint, "video 9 UDP/TLS/RTP/SAVPF " + VP8_PT + " " + RTX_PT, VIDEO_MID,
                "14 urn:ietf:params:rtp-hdrext:toffset", msidVideo);
        if (simulcast) {
            out.append("a=extmap:").append(MID_ID).append(' ').append(HeaderExtension.MID).append("\r\n")
                    .append("a=extmap:").append(RID_ID).append(' ').append(HeaderExtension.RTP_STREAM_ID)
                    .append("\r\n").append("a=extmap:").append(REPAIRED_RID_ID).append(' ')
                    .append(HeaderExtension.REPAIRED_RTP_STREAM_ID).append("\r\n");
        }
        out.append("a=rtpmap:").append(VP8_PT).append(" VP8/90000\r\n")
                .append("a=rtcp-fb:").append(VP8_PT).append(" transport-cc\r\n")
                .append("a=rtcp-fb:").append(VP8_PT).append(" ccm fir\r\n")
                .append("a=rtcp-fb:").append(VP8_PT).append(" nack\r\n")
                .append("a=rtcp-fb:").append(VP8_PT).append(" nack pli\r\n")
                .append("a=rtpmap:").append(RTX_PT).append(" rtx/90000\r\n")
                .append("a=fmtp:").append(RTX_PT).append(" apt=").append(VP8_PT).append("\r\n");
        if (simulcast) {
            simulcastRids.forEach(rid -> out.append("a=rid:").append(rid).append(" send\r\n"));
            out.append("a=simulcast:send ").append(String.join(";", simulcastRids)).append("\r\n");
        } else if (publishes) {
            out.append("a=ssrc-group:FID ").append(id.videoSsrc()).append(' ').append(id.rtxSsrc()).append("\r\n");
            ssrc(out, id.videoSsrc(), id.cname(), msidVideo);
            ssrc(out, id.rtxSsrc(), id.cname(), msidVideo);
        }
        return out.toString();
    }

    /**
     * An offered m-line up to its codecs: transport, mid, its header extension and the transport-wide sequence number
     * (draft-holmer-rmcat-transport-wide-cc-extensions-01, as Chromium offers it), the direction (sendrecv with an
     * msid when it publishes, recvonly without one when {@code msid} is null), rtcp-mux and rtcp-rsize.
     */
    private static StringBuilder offeredMedia(StringBuilder out, PeerIdentity id, String fingerprint, String mLine,
                                              String mid, String extmap, String msid) {
        out.append("m=").append(mLine).append("\r\n").append(transport(id, fingerprint, "actpass"))
                .append("a=mid:").append(mid).append("\r\na=extmap:").append(extmap).append("\r\n")
                .append("a=extmap:").append(TRANSPORT_CC_EXTMAP).append("\r\n")
                .append(msid == null ? "a=recvonly\r\n" : "a=sendrecv\r\n");
        if (msid != null) {
            out.append("a=msid:").append(msid).append("\r\n");
        }
        return out.append("a=rtcp-mux\r\na=rtcp-rsize\r\n");
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
                .append("s=-\r\nt=0 0\r\n");
        offer.attribute("group").ifPresent(group -> out.append("a=group:").append(group).append("\r\n"));
        out.append("a=msid-semantic: WMS ").append(id.streamId()).append("\r\n");
        for (MediaDescription m : offer.media()) {
            String formats = String.join(" ", m.formats());
            String mid = m.mid().orElseThrow(() -> new SdpException("missing_mid", "server m-line without mid"));
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
            // The node's offer takes this peer's simulcast (rid ... recv, simulcast:recv); the answer sends it.
            m.attributeValues("rid").forEach(v -> out.append("a=rid:").append(v.replace(" recv", " send"))
                    .append("\r\n"));
            m.attributeValues("simulcast").forEach(v -> out.append("a=simulcast:").append(v.replace("recv ", "send "))
                    .append("\r\n"));
        }
        return out.toString();
    }

    /** The id {@code m} gives the header extension {@code uri} ({@code a=extmap}, RFC 8285 §8), or 0 without it. */
    public static int extensionId(MediaDescription m, String uri) {
        for (String v : m.attributeValues("extmap")) {
            String[] parts = v.trim().split(" +");
            if (parts.length >= 2 && parts[1].equals(uri)) {
                return Integer.parseInt(parts[0].split("/")[0]);
            }
        }
        return 0;
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

    private static void ssrc(StringBuilder out, long ssrc, String cname, String msid) {
        out.append("a=ssrc:").append(ssrc).append(" cname:").append(cname).append("\r\n");
        out.append("a=ssrc:").append(ssrc).append(" msid:").append(msid).append("\r\n");
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
