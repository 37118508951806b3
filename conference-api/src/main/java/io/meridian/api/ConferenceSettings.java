package io.meridian.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The body of an operator's {@code PATCH /v1/conferences/{c}}: {@code lastN}, how many others' video each
 * participant is sent at most, those who spoke last (-1: everyone). Every refusal is a {@code 400} with a code.
 */
record ConferenceSettings(int lastN) {
    private static final String EXAMPLE = "Send a JSON object such as {\"lastN\": 4} (-1 for everyone).";

    static ConferenceSettings parse(ObjectMapper json, String text) {
        JsonNode body;
        try {
            body = text == null || text.isBlank() ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "The body is not JSON: " + e.getOriginalMessage() + ". "
                    + EXAMPLE);
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("invalid_json", "The body must be a JSON object. " + EXAMPLE);
        }
        JsonNode lastN = body.get("lastN");
        if (lastN == null || !lastN.canConvertToInt() || !lastN.isIntegralNumber() || lastN.asInt() < -1) {
            throw ApiException.badRequest("invalid_last_n", "'lastN' must be a whole number, -1 or more. " + EXAMPLE);
        }
        return new ConferenceSettings(lastN.asInt());
    }
}
