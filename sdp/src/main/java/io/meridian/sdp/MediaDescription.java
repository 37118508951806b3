package io.meridian.sdp;

import java.util.List;
import java.util.Optional;

/**
 * One media description: the {@code m=} line, its other fields ({@code c=}, {@code b=}, ...) and its attributes,
 * in their original order (RFC 8866 §5 fixes fields before attributes, which is what makes the round trip exact).
 */
public final class MediaDescription extends DescriptionSection<MediaDescription> {
    private final String kind;
    private final String portToken;
    private final String proto;
    private final List<String> formats;

    public MediaDescription(String kind, int port, String proto, List<String> formats) {
        this(kind, Integer.toString(port), proto, formats);
    }

    private MediaDescription(String kind, String portToken, String proto, List<String> formats) {
        this.kind = kind;
        this.portToken = portToken;
        this.proto = proto;
        this.formats = List.copyOf(formats);
    }

    /** Parses the value of an {@code m=} line: {@code <media> <port>[/<count>] <proto> <fmt> ...}. */
    static MediaDescription parseMediaLine(String value) throws SdpException {
        String[] parts = SdpTokens.words(value);
        if (parts.length < 4) {
            throw new SdpException("not_sdp", "The line m=" + value + " needs a media type, port, protocol and formats.");
        }
        SdpLimits.checkFormatCount(parts.length - 3);
        String port = parts[1];
        String number = port.contains("/") ? port.substring(0, port.indexOf('/')) : port;
        if (!SdpTokens.isDigits(number, 5) || Integer.parseInt(number) > 65535) {
            throw new SdpException("not_sdp", "The line m=" + value + " has an invalid port.");
        }
        return new MediaDescription(parts[0], port, parts[2], List.of(parts).subList(3, parts.length));
    }

    @Override
    MediaDescription self() {
        return this;
    }

    public String kind() {
        return kind;
    }

    public int port() {
        int slash = portToken.indexOf('/');
        return Integer.parseInt(slash < 0 ? portToken : portToken.substring(0, slash));
    }

    public String proto() {
        return proto;
    }

    public List<String> formats() {
        return formats;
    }








    public Optional<String> mid() {
        return attribute("mid");
    }

    void appendTo(StringBuilder out) {
        out.append("m=").append(kind).append(' ').append(portToken).append(' ').append(proto);
        formats.forEach(f -> out.append(' ').append(f));
        out.append("\r\n");
        fields().forEach(f -> out.append(f).append("\r\n"));
        attributes().forEach(a -> out.append(a).append("\r\n"));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        appendTo(out);
        return out.toString();
    }
}
