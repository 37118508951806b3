package io.meridian.sdp;

/**
 * One {@code a=} line (RFC 8866 §5.13): a property attribute has a null value, a value attribute keeps the text
 * after the first colon verbatim (including a leading space, as Chromium writes {@code a=msid-semantic: WMS}),
 * so that parsing and serialising give back the same bytes.
 */
public record Attribute(String name, String value) {

    static Attribute parse(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? new Attribute(text, null) : new Attribute(text.substring(0, colon), text.substring(colon + 1));
    }

    /**
     * The URI of an {@code a=extmap} value (RFC 8285 §8: {@code <id>["/"<direction>] <uri> [<attributes>]}) as the
     * node reads it: the second word of the value, trimmed of whitespace and control characters; null when it has
     * none.
     */
    public String extmapUri() {
        String[] words = value == null ? new String[0] : SdpTokens.words(value);
        return words.length < 2 ? null : words[1];
    }

    /**
     * The feedback of an {@code a=rtcp-fb} value (RFC 4585 §4.2: {@code <pt> <type> [<parameter>]}) as the node
     * reads it: what follows the payload type, trimmed, each run of spaces made one; null when nothing does.
     */
    public String rtcpFeedback() {
        String[] parts = value == null ? new String[0] : value.trim().split(" ", 2);
        return parts.length < 2 ? null : SdpTokens.SPACES.matcher(parts[1].trim()).replaceAll(" ");
    }

    public static Attribute flag(String name) {
        return new Attribute(name, null);
    }

    public static Attribute of(String name, Object value) {
        return new Attribute(name, String.valueOf(value));
    }

    @Override
    public String toString() {
        return value == null ? "a=" + name : "a=" + name + ":" + value;
    }
}
