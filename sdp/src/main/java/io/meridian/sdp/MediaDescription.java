package io.meridian.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One media description: the {@code m=} line, its other fields ({@code c=}, {@code b=}, ...) and its attributes,
 * in their original order (RFC 8866 §5 fixes fields before attributes, which is what makes the round trip exact).
 */
public final class MediaDescription {
    private final String kind;
    private final String portToken;
    private final String proto;
    private final List<String> formats;
    private final List<String> fields = new ArrayList<>();
    private final List<Attribute> attributes = new ArrayList<>();

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
        String[] parts = value.trim().split(" +");
        if (parts.length < 4) {
            throw new SdpException("not_sdp", "The line m=" + value + " needs a media type, port, protocol and formats.");
        }
        String port = parts[1];
        String number = port.contains("/") ? port.substring(0, port.indexOf('/')) : port;
        if (!number.matches("[0-9]{1,5}") || Integer.parseInt(number) > 65535) {
            throw new SdpException("not_sdp", "The line m=" + value + " has an invalid port.");
        }
        return new MediaDescription(parts[0], port, parts[2], List.of(parts).subList(3, parts.length));
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

    /** Non-attribute lines such as {@code c=IN IP4 0.0.0.0}, written with their type letter. */
    public List<String> fields() {
        return fields;
    }

    public List<Attribute> attributes() {
        return attributes;
    }

    public MediaDescription field(String line) {
        fields.add(line);
        return this;
    }

    public MediaDescription add(Attribute attribute) {
        attributes.add(attribute);
        return this;
    }

    public Optional<String> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).map(a -> a.value() == null ? "" : a.value())
                .findFirst();
    }

    public List<String> attributeValues(String name) {
        return attributes.stream().filter(a -> a.name().equals(name) && a.value() != null).map(Attribute::value)
                .toList();
    }

    public boolean hasAttribute(String name) {
        return attributes.stream().anyMatch(a -> a.name().equals(name));
    }

    public Optional<String> mid() {
        return attribute("mid");
    }

    void appendTo(StringBuilder out) {
        out.append("m=").append(kind).append(' ').append(portToken).append(' ').append(proto);
        formats.forEach(f -> out.append(' ').append(f));
        out.append("\r\n");
        fields.forEach(f -> out.append(f).append("\r\n"));
        attributes.forEach(a -> out.append(a).append("\r\n"));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        appendTo(out);
        return out.toString();
    }
}
