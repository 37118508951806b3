package io.meridian.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the SFU accepts from a client m-line. The SFU forwards RTP unchanged apart from payload type and extension
 * ids, and demultiplexes by signalled SSRC, so it refuses anything that would need it to understand or rewrite
 * more: FEC/RED, and the MID/RID header extensions (RFC 8843 §15, RFC 8852) except on a RID-simulcast m-line, whose
 * layers the node tells apart by them (never forwarded: receivers get one stream without them).
 *
 * <p>Transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01) is accepted both ways:
 * the node reads the sequence numbers a publisher writes (§2) and feeds their arrival back (§3), and it numbers what
 * it sends each receiver on that receiver's own sequence (in the element the publisher's packet carries) and reads
 * the receiver's feedback into its estimate of the receiver's path.
 */
final class CodecPolicy {
    /** What identifies a RID-simulcast layer's packets (RFC 8852 §3, §4; RFC 8843 §15), taken only there. */
    static final Set<String> SIMULCAST_EXTENSIONS = Set.of(HeaderExtension.MID, HeaderExtension.RTP_STREAM_ID,
            HeaderExtension.REPAIRED_RTP_STREAM_ID);

    /** Header extensions never negotiated, whatever the client offers (and the simulcast ones outside simulcast). */
    static final Set<String> REFUSED_EXTENSIONS = Set.of(
            // Feedback on the sender's request (libwebrtc's variant): the node feeds back periodically (-01 §3).
            "http://www.webrtc.org/experiments/rtp-hdrext/transport-wide-cc-02",
            // RFC 6904 header encryption would need support in the SRTP engine.
            "urn:ietf:params:rtp-hdrext:encrypt");

    /** The {@code a=rtcp-fb} value of transport-wide congestion control feedback. */
    static final String TRANSPORT_CC = "transport-cc";

    /**
     * RTCP feedback the SFU answers or relays (RFC 4585 §4.2, RFC 5104 §7.1, draft-alvestrand-rmcat-remb), and
     * transport-cc, which it sends to publishers and reads from receivers.
     */
    private static final Set<String> KEPT_FEEDBACK = Set.of("nack", "nack pli", "ccm fir", "goog-remb", TRANSPORT_CC);

    private CodecPolicy() {
    }

    /** The accepted codecs of an m-line in the order of its format list, each with its rtx payload type. */
    static List<Codec> acceptedCodecs(MediaDescription media) {
        Map<String, String[]> rtpmaps = new HashMap<>();
        Map<String, String> fmtps = new HashMap<>();
        Map<String, List<String>> feedback = new HashMap<>();
        for (Attribute attribute : media.attributes()) {
            if (attribute.value() == null) {
                continue;
            }
            String[] parts = attribute.value().trim().split(" ", 2);
            if (parts.length < 2) {
                continue;
            }
            switch (attribute.name()) {
                case "rtpmap" -> rtpmaps.putIfAbsent(parts[0], parts[1].trim().split("/"));
                case "fmtp" -> fmtps.putIfAbsent(parts[0], parts[1].trim());
                case "rtcp-fb" -> feedback.computeIfAbsent(parts[0], k -> new ArrayList<>())
                        .add(attribute.rtcpFeedback());
                default -> { }
            }
        }
        Map<Integer, Codec> primaries = new LinkedHashMap<>();
        Map<Integer, Integer> rtxByApt = new HashMap<>();
        for (String format : media.formats()) {
            String[] rtpmap = rtpmaps.get(format);
            if (!SdpTokens.isDigits(format, 3) || Integer.parseInt(format) > 127 || rtpmap == null || rtpmap.length < 2
                    || !SdpTokens.isDigits(rtpmap[1], 9)) {
                continue;
            }
            int pt = Integer.parseInt(format);
            String name = rtpmap[0];
            int clock = Integer.parseInt(rtpmap[1]);
            int channels = rtpmap.length > 2 && SdpTokens.isDigits(rtpmap[2], 2) ? Integer.parseInt(rtpmap[2]) : 0;
            String fmtp = fmtps.getOrDefault(format, "");
            if (name.equalsIgnoreCase("rtx")) {
                Codec probe = new Codec(pt, name, clock, channels, fmtp, List.of(), Codec.NO_RTX);
                String apt = probe.parameters().get("apt");
                if (apt != null && SdpTokens.isDigits(apt, 3)) {
                    rtxByApt.putIfAbsent(Integer.parseInt(apt), pt);
                }
                continue;
            }
            List<String> fbs = new ArrayList<>(feedback.getOrDefault(format, List.of()));
            fbs.addAll(feedback.getOrDefault("*", List.of()));
            Codec codec = new Codec(pt, name, clock, channels, fmtp,
                    fbs.stream().filter(KEPT_FEEDBACK::contains).distinct().toList(), Codec.NO_RTX);
            if (accepts(media.kind(), codec)) {
                primaries.putIfAbsent(pt, codec);
            }
        }
        List<Codec> accepted = new ArrayList<>();
        for (Codec codec : primaries.values()) {
            Integer rtx = isTelephoneEvent(codec) ? null : rtxByApt.get(codec.pt());
            accepted.add(rtx == null ? codec : codec.withPayloadTypes(codec.pt(), rtx));
        }
        return accepted;
    }

    /** True when the list holds a codec that carries media (DTMF alone is not worth a transport). */
    static boolean hasMediaCodec(List<Codec> codecs) {
        return codecs.stream().anyMatch(c -> !isTelephoneEvent(c));
    }

    /**
     * Header extensions to keep: one-byte ids only, refused URIs dropped, the simulcast ones only on a RID-simulcast
     * m-line ({@code ridSimulcast}), first mapping of a URI wins.
     */
    static List<HeaderExtension> acceptedExtensions(MediaDescription media, boolean ridSimulcast) {
        Map<String, HeaderExtension> byUri = new LinkedHashMap<>();
        for (Attribute extmap : media.attributes()) {
            String uri = extmap.name().equals("extmap") ? extmap.extmapUri() : null;
            if (uri == null) {
                continue;
            }
            // RFC 8285 §8: <value>["/"<direction>] <URI> [<extensionattributes>]
            String id = SdpTokens.extmapId(SdpTokens.words(extmap.value())[0]);
            if (!SdpTokens.isDigits(id, 2)) {
                continue;
            }
            int number = Integer.parseInt(id);
            boolean refused = REFUSED_EXTENSIONS.contains(uri) || (!ridSimulcast && SIMULCAST_EXTENSIONS.contains(uri));
            if (number >= 1 && number <= HeaderExtension.MAX_ONE_BYTE_ID && !refused) {
                byUri.putIfAbsent(uri, new HeaderExtension(number, uri));
            }
        }
        return List.copyOf(byUri.values());
    }

    private static boolean accepts(String kind, Codec codec) {
        String name = codec.name().toUpperCase(Locale.ROOT);
        if (kind.equals("audio")) {
            return (name.equals("OPUS") && codec.clockRate() == 48000 && codec.channels() == 2)
                    || isTelephoneEvent(codec);
        }
        if (!kind.equals("video") || codec.clockRate() != 90000) {
            return false;
        }
        return switch (name) {
            case "VP8", "VP9", "AV1" -> true;
            // RFC 6184 §5.6: mode 0 (single NAL unit) cannot carry large frames; Chromium offers both.
            case "H264" -> "1".equals(codec.parameters().get("packetization-mode"));
            default -> false;
        };
    }

    static boolean isTelephoneEvent(Codec codec) {
        return codec.name().equalsIgnoreCase("telephone-event");
    }
}
