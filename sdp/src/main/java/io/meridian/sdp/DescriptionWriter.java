package io.meridian.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the server's answers and offers. Every description is ICE-lite (RFC 8445 §2.5), carries all host
 * candidates and {@code a=end-of-candidates} in every bundled m-line (RFC 8840 §4.1, nothing is trickled), and
 * repeats the transport attributes in each m-line as JSEP does (RFC 8829 §5.2.1, §5.3.1).
 */
final class DescriptionWriter {
    /**
     * One m-line to write, as the server describes it. {@code sending} is written only if direction sends;
     * {@code receivedRids}, the rids of a RID-simulcast track the client sends here, only if it receives.
     */
    record Section(String mid, String kind, boolean rejected, String proto, List<String> rejectedFormats,
            Direction direction, List<Codec> codecs, List<HeaderExtension> extensions, RemoteTrack sending,
            boolean rtcpRsize, List<String> receivedRids) {

        Section(String mid, String kind, boolean rejected, String proto, List<String> rejectedFormats,
                Direction direction, List<Codec> codecs, List<HeaderExtension> extensions, RemoteTrack sending,
                boolean rtcpRsize) {
            this(mid, kind, rejected, proto, rejectedFormats, direction, codecs, extensions, sending, rtcpRsize,
                    List.of());
        }

        /** The rids to answer or re-offer as received for the client's track {@code published} (may be null). */
        static List<String> ridsOf(PublishedTrack published) {
            return published == null || published.simulcast() == null ? List.of() : published.simulcast().rids();
        }
    }

    private final LocalTransport local;
    private final long sessionId;

    DescriptionWriter(LocalTransport local, long sessionId) {
        this.local = local;
        this.sessionId = sessionId;
    }

    /**
     * @param offer true for a server offer ({@code a=setup:actpass}, RFC 8842 §5.3 keeps the established role),
     *              false for an answer ({@code a=setup:passive}: the server is the DTLS server)
     */
    SessionDescription write(long version, List<Section> sections, boolean offer, boolean extmapAllowMixed) {
        SessionDescription sdp = new SessionDescription()
                .field("v=0")
                .field("o=- " + sessionId + " " + version + " IN IP4 0.0.0.0")
                .field("s=-")
                .field("t=0 0")
                .add(Attribute.flag("ice-lite"));
        List<String> bundled = sections.stream().filter(s -> !s.rejected()).map(Section::mid).toList();
        // RFC 8843 §7.1: the first mid is the BUNDLE tag, whose transport every bundled m-line shares.
        sdp.add(Attribute.of("group", "BUNDLE" + (bundled.isEmpty() ? "" : " " + String.join(" ", bundled))));
        if (extmapAllowMixed) {
            sdp.add(Attribute.flag("extmap-allow-mixed"));
        }
        sdp.add(Attribute.of("msid-semantic", " WMS *"));
        for (Section section : sections) {
            sdp.add(section.rejected() ? rejected(section) : active(section, offer));
        }
        return sdp;
    }

    /** RFC 8829 §5.3.1: a rejected m-line has port 0 and keeps only c= and its mid. */
    private static MediaDescription rejected(Section section) {
        MediaDescription media = new MediaDescription(section.kind(), 0, section.proto(), section.rejectedFormats())
                .field("c=IN IP4 0.0.0.0");
        if (section.mid() != null) {
            media.add(Attribute.of("mid", section.mid()));
        }
        return media;
    }

    private MediaDescription active(Section section, boolean offer) {
        List<String> formats = new ArrayList<>();
        section.codecs().forEach(c -> formats.addAll(c.formats()));
        // Port 9 (discard) is the JSEP placeholder; the candidates carry the real address (RFC 8829 §5.2.1, §5.3.1).
        // An answer gives it to every bundled m-line, those offered bundle-only too: RFC 9143 §7.3 assigns the
        // BUNDLE port to each (RFC 8843 gave all but the tagged one port 0 and a=bundle-only, RFC 9143 §7.4.1).
        MediaDescription media = new MediaDescription(section.kind(), 9, OfferedMedia.PROFILE, formats)
                .field("c=IN IP4 0.0.0.0")
                .add(Attribute.of("rtcp", "9 IN IP4 0.0.0.0"));
        local.candidates().forEach(c -> media.add(Attribute.of("candidate", c.attributeValue())));
        media.add(Attribute.flag("end-of-candidates"))
                .add(Attribute.of("ice-ufrag", local.ice().ufrag()))
                .add(Attribute.of("ice-pwd", local.ice().pwd()))
                .add(Attribute.of("fingerprint", Fingerprint.SHA_256 + " " + local.fingerprintSha256()))
                .add(Attribute.of("setup", offer ? "actpass" : "passive"))
                .add(Attribute.of("mid", section.mid()));
        section.extensions().forEach(e -> media.add(e.attribute()));
        media.add(section.direction().attribute());
        if (section.direction().receives() && !section.receivedRids().isEmpty()) {
            // RFC 8851 §4, RFC 8853 §5.3: the answer takes each rid the client sends, in its order, as received.
            section.receivedRids().forEach(rid -> media.add(Attribute.of("rid", rid + " recv")));
            media.add(Attribute.of("simulcast", "recv " + String.join(";", section.receivedRids())));
        }
        RemoteTrack track = section.direction().sends() ? section.sending() : null;
        if (track != null) {
            // RFC 8830 §2: the stream id is the publisher, so a receiver groups a participant's audio and video.
            media.add(Attribute.of("msid", track.publisherParticipantId() + " " + track.track().trackId()));
        }
        media.add(Attribute.flag("rtcp-mux"));
        // RFC 5506 §5: reduced-size RTCP only where the client said it copes with it.
        if (section.rtcpRsize()) {
            media.add(Attribute.flag("rtcp-rsize"));
        }
        section.codecs().forEach(c -> c.appendAttributes(media));
        if (track != null) {
            appendSsrcs(media, track);
        }
        return media;
    }

    /** RFC 5576 §4: the SSRCs the receiver will see, unchanged from the publisher because the SFU does not rewrite. */
    private static void appendSsrcs(MediaDescription media, RemoteTrack remote) {
        PublishedTrack track = remote.track();
        String msid = remote.publisherParticipantId() + " " + track.trackId();
        List<Long> ssrcs = new ArrayList<>(List.of(track.primarySsrc()));
        if (remote.forwardsRtx()) {
            media.add(Attribute.of("ssrc-group", "FID " + track.primarySsrc() + " " + track.rtxSsrc()));
            ssrcs.add(track.rtxSsrc());
        }
        for (long ssrc : ssrcs) {
            media.add(Attribute.of("ssrc", ssrc + " cname:" + track.cname()));
            media.add(Attribute.of("ssrc", ssrc + " msid:" + msid));
        }
    }
}
