package io.meridian.server.http;

import io.meridian.server.metrics.NodeMetrics;
import io.prometheus.client.exporter.common.TextFormat;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the node's metrics in the Prometheus text format 0.0.4. Unauthenticated, as scrapers
 * expect; it reveals counts, never identifiers. Collecting reads conference state under its locks and walks the
 * JVM's threads, so it runs on a worker thread, never on the event loop. {@code ?name[]=a&name[]=b} returns only
 * those samples (as Prometheus's own client servers do), which is much cheaper for frequent pollers.
 */
public final class MetricsRoute {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsRoute.class);
    public static final String PATH = "/metrics";

    private MetricsRoute() {
    }

    public static void mount(Router router, NodeMetrics metrics) {
        router.get(PATH).handler(ctx -> ctx.vertx().executeBlocking(
                        () -> metrics.scrape(Set.copyOf(ctx.queryParam("name[]"))), false)
                .onSuccess(text -> ctx.response().putHeader("Content-Type", TextFormat.CONTENT_TYPE_004).end(text))
                .onFailure(failure -> fail(ctx, failure)));
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        LOG.error("collecting metrics failed", failure);
        ctx.response().setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("collecting metrics failed\n");
    }
}
