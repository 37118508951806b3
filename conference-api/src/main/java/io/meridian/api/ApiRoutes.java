package io.meridian.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The version-1 HTTP routes of API.md over a {@link ConferenceService}. Every refusal is a JSON error with a
 * snake_case code; unknown routes are {@code 404 not_found}.
 */
public final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    static final String PARTICIPANTS = "/v1/conferences/:conferenceId/participants";

    static final String PARTICIPANT = PARTICIPANTS + "/:participantId";
    static final String OPENAPI = "/v1/openapi.json";
    /** Only the events socket takes its token from the query: browsers cannot set headers on a WebSocket. */
    static final String ACCESS_TOKEN_PARAM = "access_token";
    /** Where a join's admission leaves the authenticated caller for the handler that reads the body. */
    static final String CALLER = "meridian.caller";
    /** The OpenAPI 3 description of these routes (src/main/resources/openapi.json). */
    private static final String OPENAPI_DOCUMENT = loadOpenApi();

    private final ConferenceService service;
    private final ApiAuth auth;
    private final ObjectMapper json;
    private final boolean tls;
    /** This node's configured public API base URL ({@code cluster.api-url}); empty: the events URL uses Host. */
    private final Optional<String> publicApiUrl;
    private final ClusterForwarder forwarder;

    private final IceServers iceServers;
    private final ApiLimits limits;
    private final JoinRate joinRate;

    private ApiRoutes(ConferenceService service, boolean tls, ApiAuth auth, Optional<String> publicApiUrl,
                      ClusterForwarder forwarder, IceServers iceServers, ApiLimits limits) {
        this.service = service;
        this.limits = limits;
        this.joinRate = new JoinRate(limits.joinsPerSecondPerIp(), limits.nanos());
        this.iceServers = iceServers;
        this.tls = tls;
        this.auth = auth;
        this.publicApiUrl = publicApiUrl;
        this.forwarder = forwarder;
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Adds the API routes without authentication (development mode without a secret). */
    public static void mount(Router router, ConferenceService service, boolean tls) {
        mount(router, service, tls, ApiAuth.disabled());
    }

    /**
     * Adds the API routes to {@code router}; the caller may add more routes (e.g. the demo page) afterwards. With
     * {@code auth} enabled every {@code /v1} call except the OpenAPI document needs a token.
     */
    public static void mount(Router router, ConferenceService service, boolean tls, ApiAuth auth) {
        mount(router, service, tls, auth, Optional.empty(), new ClusterForwarder("node"));
    }

    /**
     * As {@link #mount(Router, ConferenceService, boolean, ApiAuth)}, for a node of a cluster: requests for a
     * conference another node hosts go there through {@code forwarder}, and join answers' events URLs start with
     * {@code publicApiUrl} when it is set (else with the request's Host).
     */
    public static void mount(Router router, ConferenceService service, boolean tls, ApiAuth auth,
                             Optional<String> publicApiUrl, ClusterForwarder forwarder) {
        mount(router, service, tls, auth, publicApiUrl, forwarder, IceServers.NONE, ApiLimits.DEFAULT);
    }

    /**
     * As above, giving clients {@code iceServers} (a TURN relay and its credentials): at {@code GET /v1/ice-servers}
     * before they offer, and with every join answer; requests and events sockets are held to {@code limits}.
     */
    public static void mount(Router router, ConferenceService service, boolean tls, ApiAuth auth,
                             Optional<String> publicApiUrl, ClusterForwarder forwarder, IceServers iceServers,
                             ApiLimits limits) {
        if (auth.enabled()) {
            LOG.info("API authentication: HS256 bearer tokens required on /v1 (mint them with './meridian token')");
        } else {
            LOG.warn("API authentication is OFF: anyone who can reach the API may join, list, end and drain. "
                    + "Development only; set auth.secret to require tokens.");
        }
        new ApiRoutes(service, tls, auth, publicApiUrl, forwarder, iceServers, limits).install(router);
    }

    private void install(Router router) {
        // First, so that no route decodes a malformed percent-escape: Vert.x throws on one while matching paths or
        // reading parameters, and logs that with a stack trace on every such request.
        router.route().handler(ctx -> {
            if (!PercentEscapes.wellFormed(ctx.request().uri())) {
                throw ApiException.badRequest("invalid_uri", "The request URI has a malformed percent-escape: "
                        + "'%' must be followed by two hex digits (send '%25' for a literal '%').");
            }
            ctx.next();
        });
        router.get("/healthz").handler(ctx -> sendJson(ctx, 200, Map.of("status", "ok")));
        router.get("/readyz").handler(ctx -> {
            if (service.ready()) {
                sendJson(ctx, 200, Map.of("status", "ready"));
            } else {
                ErrorBody.send(ctx.response(), new ApiException(503, "not_ready", "This node is not taking new conferences."));
            }
        });
        router.get(OPENAPI).handler(this::openApi);
        // Only the join carries a body; a body handler on the events GET would consume the request before the
        // upgrade, and one on a /v1/* pattern would turn unknown paths into 405 instead of 404. The join's admission
        // has a route of its own ahead of the body's: Vert.x runs a route's body handler before its other handlers.
        router.post(PARTICIPANTS).handler(this::admitJoin);
        router.post(PARTICIPANTS)
                .handler(BodyHandler.create().setBodyLimit(limits.bodyBytes()).setHandleFileUploads(false))
                .handler(this::join);
        router.get(PARTICIPANTS).handler(ctx -> {
            String c = conferenceId(ctx);
            Access.requireOperator(caller(ctx), c);
            hereOrForwarded(ctx, c, () -> sendJson(ctx, 200, Map.of("participants", service.participants(c))));
        });
        router.get(PARTICIPANT).handler(ctx -> {
            String c = conferenceId(ctx);
            String p = participantId(ctx);
            Caller caller = caller(ctx);
            Access.requireConference(caller, c);
            hereOrForwarded(ctx, c, () -> sendJson(ctx, 200, requireOwnerOrOperator(caller, c, p)));
        });
        router.delete(PARTICIPANT).handler(ctx -> leaveAsOwnerOrOperator(ctx, conferenceId(ctx), participantId(ctx),
                () -> ctx.response().setStatusCode(204).end()));
        router.get(PARTICIPANT + "/events").handler(ctx -> {
            String c = conferenceId(ctx);
            String p = participantId(ctx);
            Caller caller = auth.authenticate(ctx.request().getHeader("Authorization"),
                    ctx.request().getParam(ACCESS_TOKEN_PARAM));
            Access.requireConference(caller, c);
            hereOrElsewhere(ctx, c, () -> {
                // Even an operator may not take over someone else's signalling: only the participant's own identity.
                if (!caller.owns(service.participant(c, p).identity())) {
                    throw Access.notYours(p);
                }
                EventsSocket.accept(ctx, service, json, limits, c, p);
            }, host -> forwarder.proxyEvents(ctx, host));
        });
        router.get("/v1/conferences").handler(ctx -> {
            Access.requireNodeOperator(caller(ctx));
            sendJson(ctx, 200, Map.of("conferences", service.conferences()));
        });
        router.get("/v1/conferences/:conferenceId").handler(ctx -> {
            String id = conferenceId(ctx);
            Access.requireOperator(caller(ctx), id);
            hereOrForwarded(ctx, id, () -> {
                ConferenceView view = service.conference(id).orElseThrow(() -> unknownConference(id));
                sendJson(ctx, 200, view);
            });
        });
        router.patch("/v1/conferences/:conferenceId")
                .handler(BodyHandler.create().setBodyLimit(limits.bodyBytes()).setHandleFileUploads(false))
                .handler(ctx -> {
                    String id = conferenceId(ctx);
                    Access.requireOperator(caller(ctx), id);
                    requireJson(ctx.request().getHeader("Content-Type"));
                    int lastN = ConferenceSettings.parse(json, ctx.body().asString()).lastN();
                    hereOrElsewhere(ctx, id, () -> sendJson(ctx, 200, service.updateConference(id, lastN)),
                            host -> forwarder.forward(ctx, host, ctx.body().buffer()));
                });
        router.delete("/v1/conferences/:conferenceId").handler(ctx -> {
            String id = conferenceId(ctx);
            Access.requireOperator(caller(ctx), id);
            hereOrForwarded(ctx, id, () -> {
                service.endConference(id);
                ctx.response().setStatusCode(204).end();
            });
        });
        // Before a client offers (its offer carries every candidate it gathered, relayed ones included), any caller
        // the API accepts may ask; the credentials name its identity (in development mode, "dev").
        router.get("/v1/ice-servers").handler(ctx -> {
            Caller caller = caller(ctx);
            sendJson(ctx, 200, iceServers.forUser(caller.identity() != null ? caller.identity() : "dev"));
        });
        router.post("/v1/drain").handler(ctx -> {
            Access.requireNodeOperator(caller(ctx));
            service.drain();
            sendJson(ctx, 202, Map.of("draining", service.draining()));
        });
        new WhipRoutes(this).install(router, limits.bodyBytes());
        // Every route, not only /v1: the probes, /metrics and the demo page answer errors in the API's shape too.
        router.route().failureHandler(new ApiFailures(limits.bodyBytes()));
        router.errorHandler(404, ctx -> ErrorBody.send(ctx.response(),
                ApiException.notFound("not_found", "No such route: " + ctx.request().method() + " " + ctx.request().path())));
        router.errorHandler(405, ctx -> ErrorBody.send(ctx.response(),
                new ApiException(405, "method_not_allowed", "Method " + ctx.request().method() + " is not allowed on " + ctx.request().path())));
    }

    /** {@link #hereOrElsewhere} that forwards the request as it is to the hosting node. */
    private void hereOrForwarded(RoutingContext ctx, String conferenceId, Runnable here) {
        hereOrElsewhere(ctx, conferenceId, here, host -> forwarder.forward(ctx, host, null));
    }

    /**
     * Runs {@code here} unless another node hosts {@code conferenceId}, in which case {@code elsewhere} passes the
     * request on (a request forwarded here already is answered here). A conference hosted here is known from memory;
     * any other needs the cluster's placement store, which may be slow or unreachable and so is never asked on an
     * event loop: the lookup runs on a worker thread with the request paused, and the answer continues back on the
     * event loop.
     */
    private void hereOrElsewhere(RoutingContext ctx, String conferenceId, Runnable here,
                                 Consumer<RemoteNode> elsewhere) {
        if (ClusterForwarder.isForwarded(ctx.request()) || service.hosts(conferenceId)) {
            here.run();
            return;
        }
        ctx.request().pause();
        ctx.vertx().executeBlocking(() -> service.hostedElsewhere(conferenceId), false).onComplete(ar -> {
            ctx.request().resume();
            try {
                if (ar.failed()) {
                    ctx.fail(ar.cause());
                } else if (ar.result().isPresent()) {
                    elsewhere.accept(ar.result().get());
                } else {
                    here.run();
                }
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /** The caller of a plain HTTP route: the Authorization header only, never the query string. */
    private Caller caller(RoutingContext ctx) {
        return auth.authenticate(ctx.request().getHeader("Authorization"), null);
    }

    /** The participant's view, if the caller is that participant (same identity) or an operator of its conference. */
    private ParticipantView requireOwnerOrOperator(Caller caller, String conferenceId, String participantId) {
        Access.requireConference(caller, conferenceId);
        ParticipantView view = service.participant(conferenceId, participantId);
        if (!caller.operator() && !caller.owns(view.identity())) {
            throw Access.notYours(participantId);
        }
        return view;
    }

    private void openApi(RoutingContext ctx) {
        if (OPENAPI_DOCUMENT == null) {
            throw new ApiException(500, "internal_error", "The OpenAPI document is missing from this build.");
        }
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(OPENAPI_DOCUMENT);
    }

    private static String loadOpenApi() {
        try (java.io.InputStream in = ApiRoutes.class.getResourceAsStream("/openapi.json")) {
            return in == null ? null : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ApiException unknownConference(String id) {
        return ApiException.notFound("conference_not_found", "No conference '" + id + "' on this node.");
    }

    static String conferenceId(RoutingContext ctx) {
        return Ids.require("conferenceId", ctx.pathParam("conferenceId"));
    }

    static String participantId(RoutingContext ctx) {
        return Ids.require("participantId", ctx.pathParam("participantId"));
    }

    /**
     * The checks of a join that need no body, made before the body is read: nothing is buffered for a caller without
     * rights, and a body that is not JSON never reaches Vert.x's form decoder (a multipart or url-encoded body would,
     * and its decoding failures are not the client's to see).
     */
    private void admitJoin(RoutingContext ctx) {
        admitJoinRate(ctx);
        String conferenceId = conferenceId(ctx);
        Caller caller = requireCallerFor(ctx, conferenceId);
        requireJson(ctx.request().getHeader("Content-Type"));
        ctx.put(CALLER, caller);
        ctx.next();
    }

    /** A join (JSON or WHIP) is counted first, before any work for it (429 over the rate). */
    void admitJoinRate(RoutingContext ctx) {
        // A join another node forwarded was counted where it arrived.
        if (!(limits.clustered() && ClusterForwarder.isForwarded(ctx.request()))) {
            joinRate.admit(ctx.request().remoteAddress().hostAddress());
        }
    }

    private static void requireJson(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            String got = contentType == null ? "the request has no Content-Type"
                    : "not " + contentType.split(";", 2)[0].strip();
            throw new ApiException(415, "unsupported_media_type", "Send the body as application/json (" + got
                    + "), e.g. {\"sdp\": \"<your SDP offer>\"}.");
        }
    }

    private void join(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("conferenceId");
        Caller caller = ctx.get(CALLER);
        JoinBody body = JoinBody.parse(json, ctx.body().asString());
        join(ctx, new JoinRequest(conferenceId, body.sdp(), body.region(), body.displayName(), caller.identity()),
                result -> answerJoin(ctx, result));
    }

    /**
     * Joins {@code request} and gives the result to {@code answer}, or passes the request (its body as read) to the
     * node that hosts the conference. Pinning may ask the shared placement store (a network round trip, bounded by
     * its command timeout): it runs off the event loop so one slow store never stalls every other request.
     */
    void join(RoutingContext ctx, JoinRequest request, Consumer<JoinResult> answer) {
        ctx.vertx().executeBlocking(() -> service.join(request), false).onComplete(ar -> {
            if (ar.succeeded()) {
                answer.accept(ar.result());
            } else if (ar.cause() instanceof HostedElsewhereException elsewhere) {
                try {
                    ClusterForwarder.requireNotForwarded(ctx.request(), request.conferenceId());
                    forwarder.forward(ctx, elsewhere.host(), ctx.body().buffer());
                } catch (ApiException refused) {
                    ctx.fail(refused);
                }
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    /** The caller, who must be allowed into {@code conferenceId} (401/403 otherwise). */
    Caller requireCallerFor(RoutingContext ctx, String conferenceId) {
        Caller caller = caller(ctx);
        Access.requireConference(caller, conferenceId);
        return caller;
    }

    /** Runs {@code then} where the conference is hosted, once the caller is the participant or an operator. */
    void asOwnerOrOperator(RoutingContext ctx, String conferenceId, String participantId, Runnable then) {
        Caller caller = requireCallerFor(ctx, conferenceId);
        hereOrForwarded(ctx, conferenceId, () -> {
            requireOwnerOrOperator(caller, conferenceId, participantId);
            then.run();
        });
    }

    /** The participant leaves, asked by itself or an operator; then {@code done} answers. */
    void leaveAsOwnerOrOperator(RoutingContext ctx, String conferenceId, String participantId, Runnable done) {
        asOwnerOrOperator(ctx, conferenceId, participantId, () -> {
            service.leave(conferenceId, participantId);
            done.run();
        });
    }

    ConferenceService service() {
        return service;
    }

    /** Fresh TURN credentials for a participant (empty without TURN). */
    java.util.List<IceServers.IceServer> iceServersFor(String participantId) {
        return iceServers.forUser(participantId).iceServers();
    }

    private void answerJoin(RoutingContext ctx, JoinResult result) {
        String path = "/v1/conferences/" + result.conferenceId() + "/participants/" + result.participantId();
        String base = publicApiUrl.map(url -> url.replaceFirst("^http", "ws"))
                .orElseGet(() -> (tls ? "wss://" : "ws://") + ctx.request().getHeader("Host"));
        String events = base + path + "/events";
        ctx.response().putHeader("Location", path);
        sendJson(ctx, 201, new JoinResponse(result.participantId(), result.conferenceId(), result.region(),
                result.node(), result.sdp(), events, iceServers.forUser(result.participantId()).iceServers()));
    }

    private void sendJson(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise response", e);
        }
    }

    /** The 201 body of API.md's join. */
    /** The join's answer; {@code iceServers} are fresh TURN credentials for later ICE restarts (empty: none). */
    record JoinResponse(String participantId, String conferenceId, String region, String node, String sdp,
                        String events, java.util.List<IceServers.IceServer> iceServers) {
    }
}
