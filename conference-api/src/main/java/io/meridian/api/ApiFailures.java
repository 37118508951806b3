package io.meridian.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure handler of every route. An {@link ApiException} is answered as it is. A request that Vert.x refused
 * with a 4xx status (its body handler: a body over the limit, an {@code Expect} it cannot meet, a body it cannot
 * decode) is the client's mistake: answered with a matching error and never logged with a stack trace, so that no
 * client can flood the log. A request whose stream broke mid-body gets nothing. Anything else is a bug of this node:
 * logged with its stack trace and answered {@code 500 internal_error}.
 */
final class ApiFailures implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiFailures.class);

    private final int bodyBytes;

    /** @param bodyBytes the body limit Vert.x's body handler enforces, for its 413's message */
    ApiFailures(int bodyBytes) {
        this.bodyBytes = bodyBytes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiException api) {
            if (api.status() == 401) {
                // RFC 6750 §3: say which scheme is expected and why the token was refused.
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"meridian\""
                        + (api.code().equals("missing_token") ? "" : ", error=\"invalid_token\""));
            }
            if (api.retryAfterSeconds() > 0) {
                ctx.response().putHeader("Retry-After", Long.toString(api.retryAfterSeconds()));
            }
            ErrorBody.send(ctx.response(), api);
        } else if (failure != null && ctx.statusCode() == 200) {
            // Vert.x's body handler fails with status 200 when the request stream itself broke: the client hung up,
            // or sent bytes the HTTP decoder rejected mid-body. The connection is gone or closing; nobody to answer.
            LOG.debug("{} {}: the request stream broke before its body was read: {}", ctx.request().method(),
                    ctx.request().path(), failure.toString());
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            LOG.debug("{} {} refused with {}: {}", ctx.request().method(), ctx.request().path(), ctx.statusCode(),
                    failure == null ? "no detail" : failure.toString());
            ErrorBody.send(ctx.response(), refused(ctx.statusCode(), failure));
        } else {
            LOG.error("Unhandled error on {} {}", ctx.request().method(), ctx.request().path(), failure);
            ErrorBody.send(ctx.response(), new ApiException(500, "internal_error",
                    "The node failed to handle this request."));
        }
    }

    /** The API error for a status Vert.x's body handler failed the request with. */
    private ApiException refused(int status, Throwable cause) {
        return switch (status) {
            case 413 -> new ApiException(413, "body_too_large", "Request bodies are limited to " + bodyBytes
                    + " bytes; the node's setting limits.body-bytes raises the limit.");
            case 417 -> new ApiException(417, "expectation_failed",
                    "The only expectation this node meets is 'Expect: 100-continue'.");
            default -> new ApiException(status, "malformed_request", "The request could not be read"
                    + (cause == null || cause.getMessage() == null ? "." : ": " + cause.getMessage()));
        };
    }
}
