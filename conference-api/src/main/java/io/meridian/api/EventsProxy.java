package io.meridian.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An events WebSocket that reached a node not hosting its conference: the node opens the same socket on the hosting
 * node first (same path, query and {@code Authorization}), and only then accepts the client's upgrade, so a refusal
 * there (404, 403) reaches the client as the same status. Frames are piped both ways; when either side closes, the
 * other is closed with the same code and reason.
 */
final class EventsProxy {
    private static final Logger LOG = LoggerFactory.getLogger(EventsProxy.class);
    private final WebSocketClient client;
    private final String selfNodeId;

    EventsProxy(Vertx vertx, String selfNodeId) {
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout((int) ClusterForwarder.TIMEOUT.toMillis())
                .setMaxMessageSize(1024 * 1024));
        this.selfNodeId = selfNodeId;
    }

    void proxy(RoutingContext ctx, RemoteNode host) {
        HttpServerRequest request = ctx.request();
        // Hold the upgrade request while the upstream socket opens.
        request.pause();
        String url = host.apiUrl().replaceFirst("^http", "ws") + request.uri();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(url)
                .setConnectTimeout(ClusterForwarder.TIMEOUT.toMillis())
                .putHeader(ClusterForwarder.FORWARDED_HEADER, selfNodeId);
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            options.putHeader("Authorization", authorization);
        }
        client.connect(options).onComplete(upstream -> {
            if (upstream.failed()) {
                refuse(ctx, host, upstream.cause());
                return;
            }
            WebSocket remote = upstream.result();
            // The host sends at once (participant-joined, offers): hold its frames until both ends are piped.
            remote.pause();
            request.toWebSocket().onComplete(accepted -> {
                if (accepted.failed()) {
                    LOG.warn("events socket to node {} not proxied: the client's upgrade failed: {}", host.nodeId(),
                            accepted.cause().toString());
                    remote.close();
                } else {
                    pipe(accepted.result(), remote);
                }
            });
        });
    }

    private static void refuse(RoutingContext ctx, RemoteNode host, Throwable cause) {
        if (cause instanceof UpgradeRejectedException rejected) {
            String type = rejected.getHeaders() == null ? null : rejected.getHeaders().get("Content-Type");
            ctx.response().setStatusCode(rejected.getStatus());
            if (type != null) {
                ctx.response().putHeader("Content-Type", type);
            }
            if (rejected.getBody() != null) {
                ctx.response().end(rejected.getBody());
            } else {
                ctx.response().end();
            }
        } else {
            LOG.warn("cannot proxy an events socket to node {} at {}: {}", host.nodeId(), host.apiUrl(), cause.toString());
            ClusterForwarder.unreachable(ctx.response(), host, ctx.pathParam("conferenceId"));
        }
    }

    private static void pipe(ServerWebSocket client, WebSocket remote) {
        client.textMessageHandler(remote::writeTextMessage);
        client.binaryMessageHandler(remote::writeBinaryMessage);
        remote.textMessageHandler(client::writeTextMessage);
        remote.binaryMessageHandler(client::writeBinaryMessage);
        client.closeHandler(v -> closeWithStatusOf(remote, client));
        remote.closeHandler(v -> closeWithStatusOf(client, remote));
        client.exceptionHandler(err -> client.close());
        remote.exceptionHandler(err -> remote.close());
        remote.resume();
    }

    private static void closeWithStatusOf(WebSocketBase target, WebSocketBase closed) {
        if (target.isClosed()) {
            return;
        }
        Short code = closed.closeStatusCode();
        // 1005/1006 are reserved for "no status" and "abnormal" and must not be sent (RFC 6455 §7.4.1).
        if (code == null || code == 1005 || code == 1006) {
            target.close();
        } else {
            target.close(code, closed.closeReason());
        }
    }
}
