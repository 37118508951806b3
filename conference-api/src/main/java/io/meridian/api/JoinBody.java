package io.meridian.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The fields of a join's JSON body (API.md, "Joining: the invite"), checked: {@code sdp} is a non-blank string,
 * {@code region} (optional) an id, {@code displayName} (optional) a string of at most 128 characters. Absent
 * optional fields are null. Every refusal is a {@code 400} whose code names what is wrong.
 */
record JoinBody(String sdp, String region, String displayName) {
    static final int MAX_DISPLAY_NAME = 128;
    /** What every refusal of the body's shape suggests instead. */
    private static final String EXAMPLE = "Send a JSON object such as {\"sdp\": \"<your SDP offer>\"}.";

    /** @param text the request body; null or blank when the request had none */
    static JoinBody parse(ObjectMapper json, String text) {
        JsonNode body = object(json, text);
        JsonNode sdp = field(body, "sdp");
        if (sdp == null) {
            throw ApiException.badRequest("missing_sdp", "The body needs an 'sdp' field: the client's SDP offer.");
        }
        if (!sdp.isTextual() || sdp.asText().isBlank()) {
            throw ApiException.badRequest("invalid_sdp", "'sdp' must be a non-empty string: the client's SDP offer.");
        }
        JsonNode region = field(body, "region");
        if (region != null && !region.isTextual()) {
            throw ApiException.badRequest("invalid_region", "'region' must be a string, e.g. \"eu-west\".");
        }
        JsonNode displayName = field(body, "displayName");
        if (displayName != null && (!displayName.isTextual() || displayName.asText().length() > MAX_DISPLAY_NAME)) {
            throw ApiException.badRequest("invalid_display_name",
                    "'displayName' must be a string of at most " + MAX_DISPLAY_NAME + " characters.");
        }
        return new JoinBody(sdp.asText(), region == null ? null : Ids.require("region", region.asText()),
                displayName == null ? null : displayName.asText());
    }

    private static JsonNode object(ObjectMapper json, String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("invalid_json", "The body is empty. " + EXAMPLE);
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json",
                    "The body is not valid JSON: " + e.getOriginalMessage() + ". " + EXAMPLE);
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("invalid_json", "The body must be a JSON object. " + EXAMPLE);
        }
        return node;
    }

    /** The field, or null when it is absent or JSON null (both mean "not given"). */
    private static JsonNode field(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value;
    }
}
