package io.meridian.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The version-1 HTTP routes of API.md over a {@link ConferenceService}. Every refusal is a JSON error with a
 * snake_case code; unknown routes are {@code 404 not_found}.
 */
public final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    /** An SDP offer from a browser is a few kilobytes; 256 KiB leaves ample room while bounding memory. */
    static final long MAX_BODY_BYTES = 256 * 1024;
    static final String PARTICIPANTS = "/v1/conferences/:conferenceId/participants";

    private final ConferenceService service;
    private final ObjectMapper json;
    private final boolean tls;

    private ApiRoutes(ConferenceService service, boolean tls) {
        this.service = service;
        this.tls = tls;
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Adds the API routes to {@code router}; the caller may add more routes (e.g. the demo page) afterwards. */
    public static void mount(Router router, ConferenceService service, boolean tls) {
        new ApiRoutes(service, tls).install(router);
    }

    private void install(Router router) {
        router.get("/healthz").handler(ctx -> sendJson(ctx, 200, Map.of("status", "ok")));
        router.get("/readyz").handler(ctx -> {
            if (service.ready()) {
                sendJson(ctx, 200, Map.of("status", "ready"));
            } else {
                sendError(ctx.response(), new ApiException(503, "not_ready", "This node is not taking new conferences."));
            }
        });
        // Only POST carries a body; a body handler on the events GET would consume the request before the upgrade.
        router.route("/v1/*").method(HttpMethod.POST)
                .handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES).setHandleFileUploads(false));
        router.post(PARTICIPANTS).handler(this::join);
        router.delete(PARTICIPANTS + "/:participantId").handler(ctx -> {
            service.leave(conferenceId(ctx), Ids.require("participantId", ctx.pathParam("participantId")));
            ctx.response().setStatusCode(204).end();
        });
        router.get(PARTICIPANTS + "/:participantId/events")
                .handler(ctx -> EventsSocket.accept(ctx, service, json, conferenceId(ctx),
                        Ids.require("participantId", ctx.pathParam("participantId"))));
        router.get("/v1/conferences").handler(ctx -> sendJson(ctx, 200, Map.of("conferences", service.conferences())));
        router.get("/v1/conferences/:conferenceId").handler(ctx -> {
            String id = conferenceId(ctx);
            ConferenceView view = service.conference(id).orElseThrow(() -> unknownConference(id));
            sendJson(ctx, 200, view);
        });
        router.delete("/v1/conferences/:conferenceId").handler(ctx -> {
            service.endConference(conferenceId(ctx));
            ctx.response().setStatusCode(204).end();
        });
        router.route("/v1/*").failureHandler(this::failure);
        router.errorHandler(404, ctx -> sendError(ctx.response(),
                ApiException.notFound("not_found", "No such route: " + ctx.request().method() + " " + ctx.request().path())));
        router.errorHandler(405, ctx -> sendError(ctx.response(),
                new ApiException(405, "method_not_allowed", "Method " + ctx.request().method() + " is not allowed on " + ctx.request().path())));
        router.errorHandler(413, ctx -> sendError(ctx.response(),
                new ApiException(413, "body_too_large", "Request bodies are limited to " + MAX_BODY_BYTES + " bytes.")));
    }

    static ApiException unknownConference(String id) {
        return ApiException.notFound("conference_not_found", "No conference '" + id + "' on this node.");
    }

    private static String conferenceId(RoutingContext ctx) {
        return Ids.require("conferenceId", ctx.pathParam("conferenceId"));
    }

    private void join(RoutingContext ctx) {
        String conferenceId = conferenceId(ctx);
        JsonNode body = parseBody(ctx);
        String sdp = textField(body, "sdp", true);
        String region = textField(body, "region", false);
        String displayName = textField(body, "displayName", false);
        if (region != null) {
            Ids.require("region", region);
        }
        if (displayName != null && displayName.length() > 128) {
            throw ApiException.badRequest("invalid_display_name", "displayName must be at most 128 characters.");
        }
        JoinResult result = service.join(new JoinRequest(conferenceId, sdp, region, displayName, null));
        String path = "/v1/conferences/" + result.conferenceId() + "/participants/" + result.participantId();
        String host = ctx.request().getHeader("Host");
        String events = (tls ? "wss://" : "ws://") + host + path + "/events";
        ctx.response().putHeader("Location", path);
        sendJson(ctx, 201, new JoinResponse(result.participantId(), result.conferenceId(), result.region(),
                result.node(), result.sdp(), events));
    }

    private JsonNode parseBody(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "Send the body as application/json.");
        }
        try {
            JsonNode node = json.readTree(ctx.body().asString());
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("invalid_json", "The body must be a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "The body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String textField(JsonNode body, String name, boolean required) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.badRequest("missing_" + name, "The body needs a '" + name + "' field.");
            }
            return null;
        }
        if (!value.isTextual() || (required && value.asText().isBlank())) {
            throw ApiException.badRequest("invalid_" + name, "'" + name + "' must be a non-empty string.");
        }
        return value.asText();
    }

    private void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiException api) {
            sendError(ctx.response(), api);
        } else if (failure == null && ctx.statusCode() == 413) {
            sendError(ctx.response(), new ApiException(413, "body_too_large",
                    "Request bodies are limited to " + MAX_BODY_BYTES + " bytes."));
        } else {
            LOG.error("Unhandled error on {} {}", ctx.request().method(), ctx.request().path(), failure);
            sendError(ctx.response(), new ApiException(500, "internal_error", "The node failed to handle this request."));
        }
    }

    private void sendJson(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise response", e);
        }
    }

    static void sendError(HttpServerResponse response, ApiException error) {
        if (response.ended()) {
            return;
        }
        String body = "{\"error\":{\"code\":" + quote(error.code()) + ",\"message\":" + quote(error.getMessage()) + "}}";
        response.setStatusCode(error.status()).putHeader("Content-Type", "application/json").end(body);
    }

    private static String quote(String s) {
        try {
            return new ObjectMapper().writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 201 body of API.md's join. */
    record JoinResponse(String participantId, String conferenceId, String region, String node, String sdp,
                        String events) {
    }
}
