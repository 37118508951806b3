package io.meridian.api;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * WHIP (RFC 9725): an encoder publishes into a conference with one HTTP request. {@code POST /v1/whip/{conference}}
 * with the SDP offer ({@code application/sdp}) and a bearer token joins the conference as a participant that
 * publishes, as the JSON join does, and answers {@code 201} with the SDP answer, the session's {@code Location}, an
 * {@code ETag} naming its ICE session and the TURN servers as {@code Link rel="ice-server"} headers (§4.6).
 * {@code DELETE} on the session leaves (§4.2, 200). The participant has no events socket, so the node never offers
 * it anyone's media: a WHIP session only publishes. The node is ICE-lite and learns the encoder's addresses from its
 * checks, so trickled candidates ({@code PATCH application/trickle-ice-sdpfrag}, §4.3) change nothing and are
 * acknowledged with 204; an ICE restart ({@code If-Match: "*"}, new credentials) swaps the session's ICE credentials
 * while DTLS and SRTP go on. CORS (§4.5): every
 * response allows any origin and exposes the headers a browser client reads; {@code OPTIONS} answers preflights.
 */
final class WhipRoutes {
    static final String RESOURCE = "/v1/whip/:conferenceId";
    static final String SESSION = RESOURCE + "/:participantId";
    static final String SDP = "application/sdp";
    static final String SDP_FRAG = "application/trickle-ice-sdpfrag";

    private final ApiRoutes api;

    WhipRoutes(ApiRoutes api) {
        this.api = api;
    }

    void install(Router router, long bodyLimit) {
        router.route("/v1/whip/*").handler(ctx -> {
            cors(ctx.response());
            ctx.next();
        });
        router.options(RESOURCE).handler(ctx -> preflight(ctx, "POST, OPTIONS"));
        router.options(SESSION).handler(ctx -> preflight(ctx, "PATCH, DELETE, OPTIONS"));
        router.post(RESOURCE).handler(ctx -> {
            api.admitJoinRate(ctx);
            String conferenceId = ApiRoutes.conferenceId(ctx);
            ctx.put(ApiRoutes.CALLER, api.requireCallerFor(ctx, conferenceId));
            requireContentType(ctx, SDP);
            ctx.next();
        });
        router.post(RESOURCE).handler(BodyHandler.create().setBodyLimit(bodyLimit).setHandleFileUploads(false))
                .handler(this::publish);
        router.patch(SESSION).handler(ctx -> {
            ApiRoutes.conferenceId(ctx);
            ApiRoutes.participantId(ctx);
            requireContentType(ctx, SDP_FRAG);
            ctx.next();
        });
        router.patch(SESSION).handler(BodyHandler.create().setBodyLimit(bodyLimit).setHandleFileUploads(false))
                .handler(this::patch);
        router.delete(SESSION).handler(ctx -> {
            String c = ApiRoutes.conferenceId(ctx);
            String p = ApiRoutes.participantId(ctx);
            api.leaveAsOwnerOrOperator(ctx, c, p, () -> ctx.response().setStatusCode(200).end());
        });
    }

    private void publish(RoutingContext ctx) {
        String conferenceId = ApiRoutes.conferenceId(ctx);
        Caller caller = ctx.get(ApiRoutes.CALLER);
        String offer = ctx.body().asString(StandardCharsets.UTF_8.name());
        api.join(ctx, new JoinRequest(conferenceId, offer, null, null, caller.identity()), result -> {
            HttpServerResponse response = ctx.response();
            response.putHeader("Location", "/v1/whip/" + result.conferenceId() + "/" + result.participantId());
            response.putHeader("ETag", etag(attribute(result.sdp(), "a=ice-ufrag:")));
            for (IceServers.IceServer server : api.iceServersFor(result.participantId())) {
                for (String url : server.urls()) {
                    response.headers().add("Link", link(url, server));
                }
            }
            response.setStatusCode(201).putHeader("Content-Type", SDP).end(result.sdp());
        });
    }

    /**
     * RFC 9725 §4.3: trickled candidates (a fragment with the session's own ICE credentials, RFC 8840) are
     * acknowledged once the session is known to be the caller's: the node is ICE-lite and learns the encoder's
     * addresses from its checks. {@code If-Match: "*"} with new credentials is an ICE restart (§4.3.2): the node takes
     * them, answers 200 with its own new ones and its candidates, and a new ETag. An {@code If-Match} naming another
     * ICE session is 412 (§4.3.1).
     */
    private void patch(RoutingContext ctx) {
        String c = ApiRoutes.conferenceId(ctx);
        String p = ApiRoutes.participantId(ctx);
        String ifMatch = ctx.request().getHeader("If-Match");
        String fragment = ctx.body().asString(StandardCharsets.UTF_8.name());
        api.asOwnerOrOperator(ctx, c, p, () -> {
            if (ifMatch != null && ifMatch.strip().equals("*")) {
                restartIce(ctx, c, p, fragment);
                return;
            }
            String current = etag(api.service().iceUfrag(c, p));
            if (ifMatch != null && !ifMatch.strip().equals(current)) {
                throw new ApiException(412, "etag_mismatch", "If-Match " + ifMatch.strip() + " does not name this "
                        + "session's ICE session (its ETag is " + current + ").");
            }
            ctx.response().setStatusCode(204).end();
        });
    }

    private void restartIce(RoutingContext ctx, String c, String p, String fragment) {
        ConferenceService.IceRestart restart = api.service().restartIce(c, p, attribute(fragment, "a=ice-ufrag:"),
                attribute(fragment, "a=ice-pwd:"));
        String mid = attribute(fragment, "a=mid:");
        StringBuilder answer = new StringBuilder("a=ice-lite\r\na=ice-ufrag:").append(restart.ufrag())
                .append("\r\na=ice-pwd:").append(restart.pwd()).append("\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:")
                .append(mid == null ? "0" : mid).append("\r\n");
        restart.candidates().forEach(candidate -> answer.append("a=").append(candidate).append("\r\n"));
        answer.append("a=end-of-candidates\r\n");
        ctx.response().putHeader("ETag", etag(restart.ufrag())).putHeader("Content-Type", SDP_FRAG)
                .setStatusCode(200).end(answer.toString());
    }

    /** The value of the first line of {@code fragment} starting {@code prefix}, or null. */
    private static String attribute(String fragment, String prefix) {
        return fragment.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .map(l -> l.substring(prefix.length()).strip()).orElse(null);
    }

    private static void preflight(RoutingContext ctx, String methods) {
        ctx.response().putHeader("Access-Control-Allow-Methods", methods)
                .putHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match")
                .putHeader("Access-Control-Max-Age", "86400")
                .putHeader("Accept-Post", SDP)
                .setStatusCode(204).end();
    }

    private static void cors(HttpServerResponse response) {
        response.putHeader("Access-Control-Allow-Origin", "*")
                .putHeader("Access-Control-Expose-Headers", "Location, ETag, Link, Accept-Post, Accept-Patch");
    }

    private static void requireContentType(RoutingContext ctx, String expected) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT).equals(expected)) {
            throw new ApiException(415, "unsupported_media_type", "Send the body as " + expected + " ("
                    + (type == null ? "the request has no Content-Type" : "not " + type.split(";", 2)[0].strip())
                    + ").");
        }
    }

    /** The ICE session's tag (RFC 9725 §4.3.1): the node's ufrag, which an ICE restart changes. */
    static String etag(String iceUfrag) {
        return "\"" + iceUfrag + "\"";
    }

    /** One ICE server as RFC 9725 §4.6 (RFC 8288 link syntax) gives it. */
    private static String link(String url, IceServers.IceServer server) {
        StringBuilder out = new StringBuilder("<").append(url).append(">; rel=\"ice-server\"");
        if (server.username() != null) {
            out.append("; username=\"").append(server.username()).append("\"; credential=\"")
                    .append(server.credential()).append("\"; credential-type=\"password\"");
        }
        return out.toString();
    }
}
