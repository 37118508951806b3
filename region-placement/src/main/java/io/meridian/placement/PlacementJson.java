package io.meridian.placement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON values stored in Redis. Written by hand with the tree model so the stored format is explicit and does
 * not change with a record's shape; unknown fields are ignored when reading, so a newer node may add some.
 *
 * <pre>
 * meridian:node:&lt;id&gt;  {"nodeId":..,"region":..,"apiUrl":..,"mediaAddresses":[..],"load":3,"draining":false}
 * meridian:pin:&lt;conf&gt; {"region":..,"nodeId":..,"apiUrl":..,"pinnedAt":"2026-01-01T00:00:00.123Z"}
 * </pre>
 * The pin's {@code nodeId} field is also read by the compare-and-renew/delete Lua scripts ({@link PlacementScripts}).
 */
final class PlacementJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PlacementJson() {
    }

    static String node(NodeInfo node) {
        ObjectNode json = MAPPER.createObjectNode()
                .put("nodeId", node.nodeId())
                .put("region", node.region())
                .put("apiUrl", node.apiUrl());
        node.mediaAddresses().forEach(json.putArray("mediaAddresses")::add);
        json.put("load", node.load()).put("draining", node.draining());
        return json.toString();
    }

    static NodeInfo node(String value) {
        JsonNode json = parse(value);
        List<String> addresses = new ArrayList<>();
        json.path("mediaAddresses").forEach(a -> addresses.add(a.asText()));
        return new NodeInfo(text(json, "nodeId"), text(json, "region"), text(json, "apiUrl"), addresses,
                json.path("load").asInt(), json.path("draining").asBoolean());
    }

    static String pin(ConferencePin pin) {
        return MAPPER.createObjectNode()
                .put("region", pin.region())
                .put("nodeId", pin.nodeId())
                .put("apiUrl", pin.apiUrl())
                .put("pinnedAt", pin.pinnedAt().toString())
                .toString();
    }

    static ConferencePin pin(String conferenceId, String value) {
        JsonNode json = parse(value);
        return new ConferencePin(conferenceId, text(json, "region"), text(json, "nodeId"), text(json, "apiUrl"),
                Instant.parse(text(json, "pinnedAt")));
    }

    private static JsonNode parse(String value) {
        try {
            return MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("malformed placement value in Redis: " + value, e);
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalStateException("placement value in Redis lacks '" + field + "': " + json);
        }
        return v.asText();
    }
}
