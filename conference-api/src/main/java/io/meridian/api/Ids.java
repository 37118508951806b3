package io.meridian.api;

import java.util.regex.Pattern;

/** Identifier rules of API.md: {@code [A-Za-z0-9_-]{1,64}}, anything else is {@code 400 invalid_id}. */
public final class Ids {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Ids() {
    }

    public static String require(String kind, String value) {
        if (value == null || !VALID.matcher(value).matches()) {
            throw ApiException.badRequest("invalid_id",
                    kind + " must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }
        return value;
    }
}
