package io.meridian.router;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A recording of what Chromium sent a node of its simulcast video (src/test/resources/chromium-156-simulcast/, whose
 * README says how it was made): the ids and payload types the call negotiated, from the answer's lines in its
 * header, and the packets with their arrival times, each rebuilt to its original length (the bytes past those kept
 * are zero, and a padded packet ends in its padding length again).
 */
final class ChromiumRecording {
    private static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private static final String RID_URI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    private static final String RRID_URI = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    private static final String TRANSPORT_CC_URI =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    private static final String ABS_SEND_TIME_URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /** One packet as the node decrypted it, and when it arrived (microseconds from the first). */
    record Packet(long arrivalMicros, byte[] bytes) {
    }

    final List<String> sdp = new ArrayList<>();
    final List<Packet> packets = new ArrayList<>();

    static ChromiumRecording load(String resource) throws IOException {
        ChromiumRecording r = new ChromiumRecording();
        try (InputStream in = ChromiumRecording.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no resource " + resource);
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("# sdp ")) {
                    r.sdp.add(line.substring("# sdp ".length()));
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    r.packets.add(packet(line.split(" ")));
                }
            }
        }
        return r;
    }

    /** Columns: arrival (us), original length, padding length, the header and the payload bytes kept, in hex. */
    private static Packet packet(String[] columns) {
        byte[] kept = HexFormat.of().parseHex(columns[3]);
        byte[] b = Arrays.copyOf(kept, Integer.parseInt(columns[1]));
        int padding = Integer.parseInt(columns[2]);
        if (padding > 0) {
            b[b.length - 1] = (byte) padding; // RFC 3550 §5.1: the last octet counts the padding
        }
        return new Packet(Long.parseLong(columns[0]), b);
    }

    String mid() {
        return attribute("a=mid:");
    }

    /** The rids in the answer's simulcast line, lowest layer first as Chromium sends them. */
    List<String> rids() {
        return List.of(attribute("a=simulcast:recv ").split(";"));
    }

    int midId() {
        return extensionId(MID_URI);
    }

    int ridId() {
        return extensionId(RID_URI);
    }

    int repairedRidId() {
        return extensionId(RRID_URI);
    }

    int transportSequenceId() {
        return extensionId(TRANSPORT_CC_URI);
    }

    int dependencyDescriptorId() {
        return extensionId(io.meridian.rtp.svc.DependencyDescriptorReader.URI);
    }

    int absSendTimeId() {
        return extensionId(ABS_SEND_TIME_URI);
    }

    /** The payload type of {@code codec} (e.g. VP8): the first the answer maps to it. */
    int payloadType(String codec) {
        for (String line : sdp) {
            if (line.startsWith("a=rtpmap:") && line.endsWith(" " + codec + "/90000")) {
                return Integer.parseInt(line.substring("a=rtpmap:".length(), line.indexOf(' ')));
            }
        }
        throw new AssertionError("no " + codec + " in " + sdp);
    }

    /** The RTX payload type whose apt is {@code pt} (RFC 4588 §8.6). */
    int rtxPayloadType(int pt) {
        for (String line : sdp) {
            if (line.startsWith("a=fmtp:") && line.endsWith(" apt=" + pt)) {
                return Integer.parseInt(line.substring("a=fmtp:".length(), line.indexOf(' ')));
            }
        }
        throw new AssertionError("no RTX for " + pt + " in " + sdp);
    }

    private int extensionId(String uri) {
        return Integer.parseInt(find("a=extmap:", " " + uri));
    }

    private String find(String prefix, String suffix) {
        for (String line : sdp) {
            if (line.startsWith(prefix) && line.endsWith(suffix)) {
                return line.substring(prefix.length(), line.length() - suffix.length()).split("/")[0];
            }
        }
        throw new AssertionError("no " + prefix + "..." + suffix + " in " + sdp);
    }

    private String attribute(String prefix) {
        for (String line : sdp) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        throw new AssertionError("no " + prefix + " in " + sdp);
    }
}
