package io.meridian.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Plays the browser's side of renegotiation closely enough for the tests: answers server offers and re-offers the
 * session with its transceivers, the way Chromium lays them out.
 */
final class ChromiumPeer {
    private static final Set<String> CODEC_ATTRIBUTES = Set.of("rtpmap", "fmtp", "rtcp-fb", "extmap");

    private final ChromiumOffers.Client client;
    private int version = 2;

    ChromiumPeer(ChromiumOffers.Client client) {
        this.client = client;
    }

    String joinOffer() {
        return ChromiumOffers.offer(client);
    }

    /** An answer to a server offer: reverses each direction, keeps every offered format, DTLS role active. */
    String answer(String serverOffer) throws SdpException {
        SessionDescription offer = SessionDescription.parse(serverOffer);
        SessionDescription answer = header(offer.attribute("group").orElseThrow());
        for (MediaDescription m : offer.media()) {
            if (m.port() == 0) {
                answer.add(new MediaDescription(m.kind(), 0, m.proto(), m.formats()).field("c=IN IP4 0.0.0.0")
                        .add(Attribute.of("mid", m.mid().orElseThrow())));
                continue;
            }
            Direction offered = Direction.find(m.attributes());
            answer.add(section(m, m.mid().orElseThrow(), Direction.of(offered.receives(), offered.sends()), "active"));
        }
        return answer.toString();
    }

    /**
     * A re-offer: the join m-lines, then the server's m-lines from {@code lastServerOffer} as recvonly
     * transceivers, then {@code extra} m-sections (already written, e.g. a screen share).
     */
    String reoffer(String lastServerOffer, String... extra) throws SdpException {
        SessionDescription join = SessionDescription.parse(joinOffer());
        List<MediaDescription> media = new ArrayList<>(join.media());
        SessionDescription server = SessionDescription.parse(lastServerOffer);
        for (MediaDescription m : server.media().subList(join.media().size(), server.media().size())) {
            media.add(section(m, m.mid().orElseThrow(), Direction.RECVONLY, "actpass"));
        }
        for (String section : extra) {
            media.addAll(SessionDescription.parse("v=0\r\n" + section).media());
        }
        List<String> mids = media.stream().filter(m -> m.port() != 0).map(m -> m.mid().orElseThrow()).toList();
        SessionDescription offer = header("BUNDLE " + String.join(" ", mids));
        media.forEach(offer::add);
        return offer.toString();
    }

    /** A sending m-section with its own SSRCs, as addTrack + createOffer would produce. */
    String sendingSection(String kind, String mid, String trackId, long ssrc, long rtxSsrc) {
        String msid = client.stream() + " " + trackId;
        String ssrcs = rtxSsrc == 0
                ? "a=ssrc:" + ssrc + " cname:" + client.cname() + "\r\n"
                : "a=ssrc-group:FID " + ssrc + " " + rtxSsrc + "\r\n"
                        + "a=ssrc:" + ssrc + " cname:" + client.cname() + "\r\n"
                        + "a=ssrc:" + rtxSsrc + " cname:" + client.cname() + "\r\n";
        return ChromiumOffers.section(kind, mid, "sendonly", msid, ssrcs)
                .replace("@UFRAG@", client.ufrag()).replace("@PWD@", client.pwd()).replace("@FP@", client.fingerprint());
    }

    private SessionDescription header(String group) {
        return new SessionDescription()
                .field("v=0")
                .field("o=- 4215775240449105457 " + version++ + " IN IP4 127.0.0.1")
                .field("s=-")
                .field("t=0 0")
                .add(Attribute.of("group", group))
                .add(Attribute.flag("extmap-allow-mixed"))
                .add(Attribute.of("msid-semantic", " WMS " + client.stream()));
    }

    private MediaDescription section(MediaDescription from, String mid, Direction direction, String setup) {
        MediaDescription m = new MediaDescription(from.kind(), 9, from.proto(), from.formats())
                .field("c=IN IP4 0.0.0.0")
                .add(Attribute.of("rtcp", "9 IN IP4 0.0.0.0"))
                .add(Attribute.of("ice-ufrag", client.ufrag()))
                .add(Attribute.of("ice-pwd", client.pwd()))
                .add(Attribute.of("ice-options", "trickle"))
                .add(Attribute.of("fingerprint", "sha-256 " + client.fingerprint()))
                .add(Attribute.of("setup", setup))
                .add(Attribute.of("mid", mid));
        from.attributes().stream().filter(a -> a.name().equals("extmap")).forEach(m::add);
        m.add(direction.attribute()).add(Attribute.flag("rtcp-mux")).add(Attribute.flag("rtcp-rsize"));
        from.attributes().stream().filter(a -> CODEC_ATTRIBUTES.contains(a.name()) && !a.name().equals("extmap"))
                .forEach(m::add);
        return m;
    }
}
