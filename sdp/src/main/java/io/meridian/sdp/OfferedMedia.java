package io.meridian.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis of one m-line of a client offer. {@link #rejectReason()} is null when the SFU can use it; otherwise
 * the answer gives it port 0 (RFC 8829 §5.3.1) and leaves it out of the BUNDLE group. Port 0 means the client
 * stopped the m-line, unless it is bundle-only (RFC 8843 §6): then it shares the BUNDLE transport like the others.
 *
 * @param direction the client's direction (RFC 8866 §6.7), sendrecv when absent
 * @param codecs    accepted codecs only, in the client's order, with the client's payload types
 * @param simulcast the layers a sending video m-line offers, or null
 */
public record OfferedMedia(int index, String mid, String kind, String proto, List<String> formats,
        Direction direction, List<Codec> codecs, List<HeaderExtension> extensions, List<SsrcDescription> ssrcs,
        List<FidGroup> fidGroups, String msidStream, String msidTrack, boolean rtcpMux, boolean rtcpRsize,
        SimulcastOffer simulcast, String rejectReason) {

    static final String PROFILE = "UDP/TLS/RTP/SAVPF";

    static OfferedMedia analyse(int index, MediaDescription media, Direction sessionDirection, List<String> bundle)
            throws SdpException {
        String mid = media.mid().orElse(null);
        Direction direction = Direction.find(media.attributes());
        List<Codec> codecs = CodecPolicy.acceptedCodecs(media);
        String reason = null;
        if (media.port() == 0 && !BundleGroup.isBundleOnly(media, bundle)) {
            reason = "the client stopped it (port 0)";
        } else if (!media.kind().equals("audio") && !media.kind().equals("video")) {
            reason = "the SFU forwards only audio and video, not " + media.kind();
        } else if (!media.proto().equals(PROFILE)) {
            reason = "the SFU needs " + PROFILE + ", not " + media.proto();
        } else if (!bundle.contains(mid)) {
            reason = "it is not in the BUNDLE group";
        } else if (!CodecPolicy.hasMediaCodec(codecs)) {
            reason = "none of its codecs is accepted";
        }
        String[] msid = media.attribute("msid").map(v -> SdpTokens.words(v)).orElse(new String[0]);
        List<FidGroup> fidGroups = fidGroups(media);
        SimulcastOffer simulcast = media.kind().equals("video") ? SimulcastOffer.parse(media, fidGroups) : null;
        return new OfferedMedia(index, mid, media.kind(), media.proto(), media.formats(),
                direction != null ? direction : sessionDirection != null ? sessionDirection : Direction.SENDRECV,
                codecs, CodecPolicy.acceptedExtensions(media, simulcast != null && simulcast.byRid()), ssrcs(media),
                fidGroups, msid.length > 0 ? msid[0] : "", msid.length > 1 ? msid[1] : "",
                media.hasAttribute("rtcp-mux"), media.hasAttribute("rtcp-rsize"), simulcast, reason);
    }

    public boolean accepted() {
        return rejectReason == null;
    }

    /**
     * The track the client sends on this m-line, or null. A sending m-line without {@code a=ssrc} cannot be
     * demultiplexed by signalled SSRC, so it yields no track, unless it is RID simulcast. A simulcast track's SSRCs
     * are 0 here: the SSRCs receivers see are the node's, chosen by the caller ({@link #PublishedTrack#withReceiverSsrcs}).
     */
    PublishedTrack publishedTrack() {
        if (!accepted() || !direction.sends() || (ssrcs.isEmpty() && (simulcast == null || !simulcast.byRid()))) {
            return null;
        }
        long primary = simulcast != null ? 0 : fidGroups.isEmpty() ? ssrcs.get(0).ssrc() : fidGroups.get(0).primarySsrc();
        long rtx = simulcast != null || fidGroups.isEmpty() ? 0 : fidGroups.get(0).rtxSsrc();
        SsrcDescription described = ssrcs.stream().filter(s -> s.ssrc() == primary).findFirst()
                .orElse(ssrcs.isEmpty() ? new SsrcDescription(0, "", "", "") : ssrcs.get(0));
        String stream = !msidTrack.isEmpty() ? msidStream : described.streamId();
        String track = !msidTrack.isEmpty() ? msidTrack : described.trackId();
        if (track.isEmpty()) {
            track = "mid-" + mid;
        }
        // msid "-" means "no stream" (RFC 8830 §2, JSEP §5.2.1).
        String streamId = stream.equals("-") ? "" : stream;
        String cname = described.cname().isEmpty() ? track : described.cname();
        return new PublishedTrack(kind, mid, track, streamId, primary, rtx, cname, codecs, extensions, simulcast);
    }

    /** Collects {@code a=ssrc} lines per SSRC in first-seen order (RFC 5576 §4.1). */
    private static List<SsrcDescription> ssrcs(MediaDescription media) {
        Map<Long, String[]> bySsrc = new LinkedHashMap<>();
        for (String value : media.attributeValues("ssrc")) {
            String[] parts = value.trim().split(" ", 2);
            Long ssrc = parseSsrc(parts[0]);
            if (ssrc == null) {
                continue;
            }
            String[] fields = bySsrc.computeIfAbsent(ssrc, k -> new String[] {"", "", ""});
            if (parts.length < 2) {
                continue;
            }
            String attribute = parts[1].trim();
            if (attribute.startsWith("cname:")) {
                fields[0] = attribute.substring("cname:".length());
            } else if (attribute.startsWith("msid:")) {
                String[] msid = SdpTokens.words(attribute.substring("msid:".length()));
                fields[1] = msid[0];
                fields[2] = msid.length > 1 ? msid[1] : "";
            }
        }
        List<SsrcDescription> out = new ArrayList<>();
        bySsrc.forEach((ssrc, f) -> out.add(new SsrcDescription(ssrc, f[0], f[1], f[2])));
        return out;
    }

    private static List<FidGroup> fidGroups(MediaDescription media) {
        List<FidGroup> groups = new ArrayList<>();
        for (String value : media.attributeValues("ssrc-group")) {
            String[] parts = SdpTokens.words(value);
            if (parts.length == 3 && parts[0].equals("FID")) {
                Long primary = parseSsrc(parts[1]);
                Long rtx = parseSsrc(parts[2]);
                if (primary != null && rtx != null) {
                    groups.add(new FidGroup(primary, rtx));
                }
            }
        }
        return groups;
    }

    private static Long parseSsrc(String text) {
        if (!SdpTokens.isDigits(text, 10)) {
            return null;
        }
        long value = Long.parseLong(text);
        return value <= 0xFFFF_FFFFL ? value : null;
    }
}
