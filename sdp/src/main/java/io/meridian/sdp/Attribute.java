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
