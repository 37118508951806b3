package io.meridian.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A client's offer, parsed and checked against what the SFU requires: one BUNDLE group (RFC 8843) with rtcp-mux
 * (RFC 5761 §5.1.3), ICE credentials (RFC 8839 §5.4), a sha-256 DTLS fingerprint (RFC 8842 §5) and a DTLS role
 * that lets the server be passive. Transport attributes are read from the BUNDLE-tag m-line, falling back to the
 * session level: bundled m-lines share one transport (RFC 8843 §7.1).
 */
public final class ClientOffer {
    private final SessionDescription sdp;
    private final IceParameters ice;
    private final Fingerprint fingerprint;
    private final List<String> bundleMids;
    private final List<OfferedMedia> media;

    private ClientOffer(SessionDescription sdp, IceParameters ice, Fingerprint fingerprint, List<String> bundleMids,
            List<OfferedMedia> media) {
        this.sdp = sdp;
        this.ice = ice;
        this.fingerprint = fingerprint;
        this.bundleMids = bundleMids;
        this.media = media;
    }

    public static ClientOffer parse(String text) throws SdpException {
        return parse(text, SdpLimits.DEFAULT);
    }

    /** Parses and checks an offer within {@code limits} (the tracks it sends are checked by the negotiation). */
    public static ClientOffer parse(String text, SdpLimits limits) throws SdpException {
        SessionDescription sdp = SessionDescription.parse(text, limits);
        List<String> bundle = BundleGroup.mids(sdp);
        if (bundle.isEmpty()) {
            throw new SdpException("not_bundled", "The offer has no a=group:BUNDLE; the SFU needs all media on one "
                    + "transport (use bundlePolicy max-bundle).");
        }
        Set<String> mids = new HashSet<>();
        for (int i = 0; i < sdp.media().size(); i++) {
            MediaDescription m = sdp.media().get(i);
            SdpLimits.checkTokens(i, m);
            Optional<String> mid = m.mid();
            if (mid.isEmpty() && (m.port() != 0 || m.hasAttribute("bundle-only"))) {
                throw new SdpException("not_bundled", "Every m-line needs an a=mid to be bundled (RFC 8843 §9.1).");
            }
            if (mid.isPresent() && !mids.add(mid.get())) {
                throw new SdpException("not_sdp", "The mid " + mid.get() + " appears on two m-lines.");
            }
        }
        // RFC 8843 §7.2.1: a bundle-only m-line (port 0) is never the one whose transport the group uses.
        MediaDescription tag = sdp.media().stream()
                .filter(m -> m.port() != 0 && m.mid().isPresent() && bundle.contains(m.mid().get()))
                .findFirst()
                .orElseThrow(() -> new SdpException("not_bundled", "The BUNDLE group names no m-line in use."));
        Fingerprint fingerprint = fingerprint(sdp, tag);
        IceParameters ice = iceParameters(sdp, tag);
        checkSetup(sdp, tag);
        Direction sessionDirection = Direction.find(sdp.attributes());
        List<OfferedMedia> media = new ArrayList<>();
        for (int i = 0; i < sdp.media().size(); i++) {
            MediaDescription description = sdp.media().get(i);
            OfferedMedia analysed = OfferedMedia.analyse(i, description, sessionDirection, bundle);
            // RFC 8843 §7.1.3: a bundle-only m-line may leave transport attributes such as rtcp-mux to the tag.
            boolean rtcpMux = analysed.rtcpMux()
                    || (BundleGroup.isBundleOnly(description, bundle) && tag.hasAttribute("rtcp-mux"));
            if (analysed.accepted() && !rtcpMux) {
                throw new SdpException("not_bundled", "The m-line with mid " + analysed.mid()
                        + " lacks a=rtcp-mux; the SFU multiplexes RTP and RTCP on one port (RFC 5761, RFC 8843).");
            }
            media.add(analysed);
        }
        checkTracksDistinct(media);
        return new ClientOffer(sdp, ice, fingerprint, List.copyOf(bundle), List.copyOf(media));
    }

    /**
     * The node tells a participant's tracks apart by their msid track id (RFC 8830 §2), falling back on the mid:
     * two m-lines sending under one id would be one track to every receiver, so such an offer is refused.
     */
    private static void checkTracksDistinct(List<OfferedMedia> media) throws SdpException {
        Map<String, String> midByTrack = new HashMap<>();
        for (OfferedMedia m : media) {
            PublishedTrack track = m.publishedTrack();
            String other = track == null ? null : midByTrack.putIfAbsent(track.trackId(), m.mid());
            if (other != null) {
                throw new SdpException("not_sdp", "The m-lines with mids " + other + " and " + m.mid()
                        + " both send the track " + track.trackId() + "; each needs its own msid (RFC 8830 §2).");
            }
        }
    }

    private static Fingerprint fingerprint(SessionDescription sdp, MediaDescription tag) throws SdpException {
        List<String> values = tag.attributeValues("fingerprint");
        if (values.isEmpty()) {
            values = sdp.attributeValues("fingerprint");
        }
        if (values.isEmpty()) {
            throw new SdpException("missing_fingerprint", "The offer has no a=fingerprint for DTLS (RFC 8842 §5).");
        }
        for (String value : values) {
            Fingerprint parsed = Fingerprint.parse(value);
            if (parsed != null && parsed.algorithm().equals(Fingerprint.SHA_256)) {
                if (!Fingerprint.isSha256Value(parsed.value())) {
                    throw new SdpException("unsupported_fingerprint", "The sha-256 fingerprint is not 32 hex bytes.");
                }
                return parsed;
            }
        }
        throw new SdpException("unsupported_fingerprint", "The SFU accepts only sha-256 DTLS fingerprints.");
    }

    private static IceParameters iceParameters(SessionDescription sdp, MediaDescription tag) throws SdpException {
        String ufrag = tag.attribute("ice-ufrag").or(() -> sdp.attribute("ice-ufrag")).orElse(null);
        String pwd = tag.attribute("ice-pwd").or(() -> sdp.attribute("ice-pwd")).orElse(null);
        if (ufrag == null || pwd == null) {
            throw new SdpException("missing_ice_credentials", "The offer needs a=ice-ufrag and a=ice-pwd.");
        }
        if (!IceParameters.valid(ufrag, 4) || !IceParameters.valid(pwd, 22)) {
            throw new SdpException("missing_ice_credentials",
                    "The ICE ufrag needs 4-256 and the pwd 22-256 characters of [A-Za-z0-9+/] (RFC 8839 §5.4).");
        }
        return new IceParameters(ufrag, pwd);
    }

    /** RFC 8842 §5.2: the server must be able to answer passive, so the client must be actpass or active. */
    private static void checkSetup(SessionDescription sdp, MediaDescription tag) throws SdpException {
        String setup = tag.attribute("setup").or(() -> sdp.attribute("setup")).orElse("active").trim();
        if (!setup.equals("actpass") && !setup.equals("active")) {
            throw new SdpException("unsupported_setup",
                    "The SFU is the DTLS server, so the offer must use a=setup:actpass (it has " + setup + ").");
        }
    }

    public SessionDescription description() {
        return sdp;
    }

    public IceParameters ice() {
        return ice;
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }

    public List<String> bundleMids() {
        return bundleMids;
    }

    public List<OfferedMedia> media() {
        return media;
    }

    /** RFC 8285 §6: the client can receive one- and two-byte extension headers mixed in a stream. */
    public boolean extmapAllowMixed() {
        return sdp.hasAttribute("extmap-allow-mixed") || sdp.media().stream().anyMatch(m -> m.hasAttribute("extmap-allow-mixed"));
    }

    /** Whether any m-line can carry media; a join that has none is refused. */
    public boolean hasUsableMedia() {
        return media.stream().anyMatch(OfferedMedia::accepted);
    }
}
