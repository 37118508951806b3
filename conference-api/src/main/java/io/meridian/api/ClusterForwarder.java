package io.meridian.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Any node answers any request: one that reaches a node not hosting its conference is proxied to the hosting node
 * (same method, path, body and {@code Authorization}), and the hosting node's status, {@code Location} and body are
 * relayed as they are. The hosting node builds the answer, so its candidates and its events URL name that node.
 * A proxy rather than a redirect: browsers need no CORS and API clients nothing special.
 *
 * <p>Loops cannot happen: a forwarded request carries {@value #FORWARDED_HEADER} and is never forwarded again; a
 * node that receives one for a conference it does not host answers {@code 503 pin_moved}.
 */
public final class ClusterForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterForwarder.class);
    /** Names the node that forwarded a request. */
    public static final String FORWARDED_HEADER = "Meridian-Forwarded";
    static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Accept");
    private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "Location", "WWW-Authenticate",
            "Retry-After");
    /** A join on the hosting node answers in milliseconds; this only bounds a hung peer. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String selfNodeId;
    private HttpClientAgent http;
    private EventsProxy events;

    public ClusterForwarder(String selfNodeId) {
        this.selfNodeId = selfNodeId;
    }

    String selfNodeId() {
        return selfNodeId;
    }

    static boolean isForwarded(HttpServerRequest request) {
        return request.getHeader(FORWARDED_HEADER) != null;
    }

    /** Refuses to forward a request that was forwarded already (the pin moved between the two nodes' look-ups). */
    static void requireNotForwarded(HttpServerRequest request, String conferenceId) {
        if (isForwarded(request)) {
            throw new ApiException(503, "pin_moved", "Conference '" + conferenceId + "' moved to another node "
                    + "while this request was forwarded; send it again.");
        }
    }

    /** Proxies the request to {@code host}; the response is sent asynchronously. */
    void forward(RoutingContext ctx, RemoteNode host, Buffer body) {
        HttpServerRequest request = ctx.request();
        RequestOptions options = new RequestOptions().setMethod(request.method())
                .setAbsoluteURI(host.apiUrl() + request.uri())
                .setConnectTimeout(TIMEOUT.toMillis()).setIdleTimeout(TIMEOUT.toMillis())
                .putHeader(FORWARDED_HEADER, selfNodeId);
        for (String name : REQUEST_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                options.putHeader(name, value);
            }
        }
        HttpServerResponse response = ctx.response();
        client(ctx.vertx()).request(options)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(res -> res.body().map(b -> relay(res, b, response)))
                .onFailure(err -> {
                    LOG.warn("cannot forward {} {} to node {} at {}: {}", request.method(), request.path(),
                            host.nodeId(), host.apiUrl(), err.toString());
                    unreachable(response, host, ctx.pathParam("conferenceId"));
                });
    }

    private static Void relay(HttpClientResponse from, Buffer body, HttpServerResponse to) {
        if (to.ended()) {
            return null;
        }
        to.setStatusCode(from.statusCode());
        for (String name : RESPONSE_HEADERS) {
            String value = from.getHeader(name);
            if (value != null) {
                to.putHeader(name, value);
            }
        }
        to.end(body);
        return null;
    }

    static void unreachable(HttpServerResponse response, RemoteNode host, String conferenceId) {
        response.putHeader("Retry-After", "1");
        ErrorBody.send(response, new ApiException(503, "host_unreachable", "Node '" + host.nodeId()
                + "' hosting conference '" + conferenceId + "' does not answer. If it has failed, the conference "
                + "moves to another node once its pin expires (cluster.pin-ttl-seconds): join again shortly."));
    }

    /** Proxies an events WebSocket to {@code host} (see {@link EventsProxy}). */
    void proxyEvents(RoutingContext ctx, RemoteNode host) {
        EventsProxy proxy;
        synchronized (this) {
            if (events == null) {
                events = new EventsProxy(ctx.vertx(), selfNodeId);
            }
            proxy = events;
        }
        proxy.proxy(ctx, host);
    }

    private synchronized HttpClientAgent client(Vertx vertx) {
        if (http == null) {
            http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT.toMillis())
                    .setKeepAlive(true));
        }
        return http;
    }
}
