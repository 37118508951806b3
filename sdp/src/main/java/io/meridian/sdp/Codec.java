package io.meridian.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An accepted RTP payload format of one m-line: {@code a=rtpmap}, {@code a=fmtp} and {@code a=rtcp-fb} of one
 * payload type (RFC 8866 §6.6, RFC 4585 §4.2), plus the payload type of its retransmission format (RFC 4588 §8.6,
 * {@code rtx} with {@code apt=<pt>}), or {@link #NO_RTX}.
 *
 * @param channels the encoding parameter of rtpmap, 0 when absent (RFC 8866 §6.6: absent means one channel)
 * @param fmtp     the format parameters, "" when there is no fmtp line
 */
public record Codec(int pt, String name, int clockRate, int channels, String fmtp, List<String> rtcpFbs, int rtxPt) {

    public static final int NO_RTX = -1;

    public Codec {
        fmtp = fmtp == null ? "" : fmtp;
        rtcpFbs = List.copyOf(rtcpFbs);
    }

    public Codec withPayloadTypes(int newPt, int newRtxPt) {
        return new Codec(newPt, name, clockRate, channels, fmtp, rtcpFbs, newRtxPt);
    }

    public Codec withoutRtx() {
        return withPayloadTypes(pt, NO_RTX);
    }

    public boolean hasRtx() {
        return rtxPt != NO_RTX;
    }

    /** Format parameters as a map; keys lower-cased (RFC 8866 §6.15 leaves the syntax to the format). */
    public Map<String, String> parameters() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String part : fmtp.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                map.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
            }
        }
        return map;
    }

    /**
     * Whether the two describe the same encoding, so that a packet of one can be relabelled as the other without
     * touching the payload. H.264 also needs the same profile-level-id and packetization-mode (RFC 6184 §8.1),
     * VP9 the same profile-id and AV1 the same profile (their payload formats' defaults are 0).
     */
    public boolean sameFormat(Codec other) {
        if (!name.equalsIgnoreCase(other.name) || clockRate != other.clockRate
                || Math.max(channels, 1) != Math.max(other.channels, 1)) {
            return false;
        }
        Map<String, String> mine = parameters();
        Map<String, String> theirs = other.parameters();
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "H264" -> mine.getOrDefault("profile-level-id", "420010").equalsIgnoreCase(
                    theirs.getOrDefault("profile-level-id", "420010"))
                    && mine.getOrDefault("packetization-mode", "0").equals(theirs.getOrDefault("packetization-mode", "0"));
            case "VP9" -> mine.getOrDefault("profile-id", "0").equals(theirs.getOrDefault("profile-id", "0"));
            case "AV1" -> mine.getOrDefault("profile", "0").equals(theirs.getOrDefault("profile", "0"));
            default -> true;
        };
    }

    /** The payload types this codec occupies on the m= line: its own and that of its rtx. */
    List<String> formats() {
        List<String> formats = new ArrayList<>();
        formats.add(Integer.toString(pt));
        if (hasRtx()) {
            formats.add(Integer.toString(rtxPt));
        }
        return formats;
    }

    /** Writes rtpmap, rtcp-fb and fmtp lines in Chromium's order, then the rtx format's rtpmap and fmtp. */
    void appendAttributes(MediaDescription media) {
        media.add(Attribute.of("rtpmap", pt + " " + name + "/" + clockRate + (channels > 0 ? "/" + channels : "")));
        rtcpFbs.forEach(fb -> media.add(Attribute.of("rtcp-fb", pt + " " + fb)));
        if (!fmtp.isEmpty()) {
            media.add(Attribute.of("fmtp", pt + " " + fmtp));
        }
        if (hasRtx()) {
            media.add(Attribute.of("rtpmap", rtxPt + " rtx/" + clockRate));
            media.add(Attribute.of("fmtp", rtxPt + " apt=" + pt));
        }
    }
}
