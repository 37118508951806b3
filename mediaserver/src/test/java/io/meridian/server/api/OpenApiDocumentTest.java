package io.meridian.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.client.ApiClient.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /v1/openapi.json stays true: every route the running node's router registers (method and exact path) is in the
 * document with that method, and every operation the document describes is registered.
 */
@ExtendWith(LeakGuard.class)
@Timeout(60)
class OpenApiDocumentTest {
    private static final Set<String> OPERATION_KEYS = Set.of("get", "put", "post", "delete", "options", "head",
            "patch", "trace");
    private static SecuredNode node;

    @BeforeAll
    static void start() throws Exception {
        node = SecuredNode.start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** "GET /v1/conferences/{conferenceId}" for every exact-path route of the live router. */
    private static Set<String> registered() {
        Set<String> routes = new TreeSet<>();
        for (Route route : node.server.router().getRoutes()) {
            // Prefix routes (body handler, failure handler, the demo page's static files) are not operations.
            if (route.getPath() == null || !route.isExactPath() || route.isRegexPath() && !route.getPath().contains(":")) {
                continue;
            }
            String path = route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
            assertFalse(route.methods() == null || route.methods().isEmpty(),
                    "route " + path + " accepts every method; register it per method so the document can say which");
            for (HttpMethod method : route.methods()) {
                routes.add(method.name() + " " + path);
            }
        }
        return routes;
    }

    private static Set<String> documented(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> keys = path.getValue().fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (OPERATION_KEYS.contains(key)) {
                    operations.add(key.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndViceVersa() {
        Reply reply = node.anonymous.get("/v1/openapi.json");
        assertEquals(200, reply.status(), reply.body());
        Set<String> registered = registered();
        Set<String> documented = documented(reply.json());
        assertTrue(registered.contains("POST /v1/conferences/{conferenceId}/participants"),
                "the router's routes were read: " + registered);
        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        Set<String> unregistered = new TreeSet<>(documented);
        unregistered.removeAll(registered);
        assertTrue(undocumented.isEmpty(), "routes missing from openapi.json: " + undocumented);
        assertTrue(unregistered.isEmpty(), "openapi.json describes routes the node does not serve: " + unregistered);
    }

    @Test
    void theDocumentIsWellFormed() throws Exception {
        JsonNode served = node.anonymous.get("/v1/openapi.json").json();
        JsonNode resource;
        try (InputStream in = io.meridian.api.ApiRoutes.class.getResourceAsStream("/openapi.json")) {
            resource = new ObjectMapper().readTree(in);
        }
        assertEquals(resource, served, "the node serves the resource as it is");
        assertTrue(served.path("openapi").asText().startsWith("3.0"), "OpenAPI 3.0");
        String text = served.toString();
        // Every $ref resolves within the document.
        java.util.regex.Matcher refs = java.util.regex.Pattern.compile("\"\\$ref\":\"#/([^\"]+)\"").matcher(text);
        int count = 0;
        while (refs.find()) {
            count++;
            JsonNode target = served.at("/" + refs.group(1));
            assertFalse(target.isMissingNode(), "unresolved $ref #/" + refs.group(1));
        }
        assertTrue(count > 0);
        // Every path parameter in a path is declared, and every operation says what it answers.
        for (Iterator<Map.Entry<String, JsonNode>> paths = served.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            java.util.regex.Matcher params = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            Set<String> declared = new TreeSet<>();
            for (JsonNode p : path.getValue().path("parameters")) {
                JsonNode resolved = p.has("$ref") ? served.at(p.path("$ref").asText().substring(1)) : p;
                if (resolved.path("in").asText().equals("path")) {
                    declared.add(resolved.path("name").asText());
                }
            }
            while (params.find()) {
                assertTrue(declared.contains(params.group(1)), path.getKey() + " declares " + params.group(1));
            }
            for (Iterator<String> keys = path.getValue().fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (OPERATION_KEYS.contains(key)) {
                    JsonNode responses = path.getValue().path(key).path("responses");
                    assertTrue(responses.size() > 0, key + " " + path.getKey() + " documents its responses");
                    // A CORS preflight carries no credentials (Fetch standard), so it is never refused for them.
                    if (path.getKey().startsWith("/v1/") && !path.getKey().equals("/v1/openapi.json")
                            && !key.equals("options")) {
                        assertTrue(responses.has("401"), key + " " + path.getKey() + " documents 401");
                    }
                }
            }
        }
    }
}
