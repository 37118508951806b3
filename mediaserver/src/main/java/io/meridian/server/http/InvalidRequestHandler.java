package io.meridian.server.http;

import io.meridian.api.ApiException;
import io.meridian.api.ErrorBody;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers requests the HTTP decoder refused before any route saw them (a request line or headers over the server's
 * limits, bytes that are not HTTP) with API.md's JSON error, where Vert.x's default sends a bare status. Like the
 * default it then closes the connection: after a decoding failure the rest of the stream cannot be trusted.
 */
public final class InvalidRequestHandler implements Handler<HttpServerRequest> {
    private final int maxInitialLineLength;
    private final int maxHeaderSize;

    /** @param options the server's options, whose limits the messages name */
    public InvalidRequestHandler(HttpServerOptions options) {
        this.maxInitialLineLength = options.getMaxInitialLineLength();
        this.maxHeaderSize = options.getMaxHeaderSize();
    }

    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        ApiException error;
        if (cause instanceof TooLongHttpLineException) {
            error = new ApiException(414, "uri_too_long", "The request line is longer than " + maxInitialLineLength
                    + " bytes. Ids in paths are at most 64 characters.");
        } else if (cause instanceof TooLongHttpHeaderException) {
            error = new ApiException(431, "headers_too_large", "The request headers are larger than " + maxHeaderSize
                    + " bytes.");
        } else {
            error = new ApiException(400, "malformed_request", "The request is not valid HTTP/1.1"
                    + (cause == null || cause.getMessage() == null ? "." : ": " + cause.getMessage()));
        }
        ErrorBody.send(request.response(), error);
        request.connection().close();
    }
}
