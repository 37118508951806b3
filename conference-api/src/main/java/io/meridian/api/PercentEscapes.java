package io.meridian.api;

/** RFC 3986 §2.1 percent-encoding: every '%' in a URI starts an escape of exactly two hex digits. */
final class PercentEscapes {

    private PercentEscapes() {
    }

    static boolean wellFormed(String uri) {
        for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 3)) {
            if (i + 2 >= uri.length() || !hex(uri.charAt(i + 1)) || !hex(uri.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
