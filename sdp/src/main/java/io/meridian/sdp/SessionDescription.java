package io.meridian.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A generic, line-preserving SDP model (RFC 8866): session-level fields and attributes followed by media
 * descriptions. It knows nothing about WebRTC; {@link ClientOffer} interprets it. {@link #toString()} writes CRLF
 * line endings (RFC 8866 §5) and reproduces a parsed description line for line.
 */
public final class SessionDescription extends DescriptionSection<SessionDescription> {
    private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");

    private final List<MediaDescription> media = new ArrayList<>();

    /** Parses a description, enforcing the default {@link SdpLimits} on its size, lines and m-lines. */
    public static SessionDescription parse(String text) throws SdpException {
        return parse(text, SdpLimits.DEFAULT);
    }

    /** Parses a description, enforcing {@code limits} on its size, lines and m-lines. */
    public static SessionDescription parse(String text, SdpLimits limits) throws SdpException {
        if (text == null || text.isBlank()) {
            throw new SdpException("not_sdp", "The SDP is empty.");
        }
        SdpLimits.checkLength(text);
        SessionDescription sdp = new SessionDescription();
        MediaDescription current = null;
        // RFC 8866 §5 requires CRLF but asks parsers to accept a bare LF too.
        for (String line : LINE_BREAK.split(text)) {
            if (line.isEmpty()) {
                continue;
            }
            limits.checkLine(line);
            if (line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
                // RFC 8866 §9: no value holds a CR or a NUL; kept, a bare CR would end the line for some readers of
                // what the node writes from it, for other participants too.
                throw new SdpException("not_sdp", "The line \"" + abbreviate(line) + "\" holds a carriage return "
                        + "or a NUL byte, which SDP text cannot (RFC 8866 §9).");
            }
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new SdpException("not_sdp", "The line \"" + abbreviate(line) + "\" is not of the form <type>=<value>.");
            }
            if (sdp.fields().isEmpty() && !line.equals("v=0")) {
                throw new SdpException("not_sdp", "An SDP must start with v=0.");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'm') {
                limits.checkMediaCount(sdp.media.size());
                current = MediaDescription.parseMediaLine(value);
                sdp.media.add(current);
                continue;
            }
            DescriptionSection<?> section = current == null ? sdp : current;
            SdpLimits.checkSectionLines(section, sdp.media.size() - 1);
            if (type == 'a') {
                section.attributes().add(Attribute.parse(value));
            } else {
                section.fields().add(line);
            }
        }
        if (sdp.media.isEmpty()) {
            throw new SdpException("not_sdp", "The SDP has no m= line, so there is nothing to negotiate.");
        }
        return sdp;
    }

    private static String abbreviate(String line) {
        return line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }


    public List<MediaDescription> media() {
        return media;
    }


    public SessionDescription add(MediaDescription description) {
        media.add(description);
        return this;
    }



    @Override
    SessionDescription self() {
        return this;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        fields().forEach(f -> out.append(f).append("\r\n"));
        attributes().forEach(a -> out.append(a).append("\r\n"));
        media.forEach(m -> m.appendTo(out));
        return out.toString();
    }
}
