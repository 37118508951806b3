package io.meridian.server;

import io.meridian.api.ApiAuth;
import io.meridian.api.ApiLimits;
import io.meridian.api.ApiRoutes;
import io.meridian.api.ClusterForwarder;
import io.meridian.placement.RegionPlacement;
import io.meridian.router.MediaCounters;
import io.meridian.router.StageRegistry;
import io.meridian.router.registry.DefaultStages;
import io.meridian.sdp.Candidate;
import io.meridian.server.cluster.ClusterHeartbeat;
import io.meridian.server.cluster.PlacementFactory;
import io.meridian.server.config.MeridianConfig;
import io.meridian.server.http.ApiTls;
import io.meridian.server.http.InvalidRequestHandler;
import io.meridian.server.http.MetricsRoute;
import io.meridian.server.ice.IceCredentialLookup;
import io.meridian.server.ice.IceLiteResponder;
import io.meridian.server.metrics.NodeMetrics;
import io.meridian.server.session.ConferenceManager;
import io.meridian.server.session.ManagerSettings;
import io.meridian.server.transport.MediaLoops;
import io.meridian.srtp.DtlsCertificate;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/** One running node: UDP media transport, conference manager and HTTP API, started and stopped together. */
public final class MeridianServer implements AutoCloseable {
    private final MediaLoops loops;
    private final ConferenceManager manager;
    private final MediaCounters counters;
    private final Vertx vertx;
    private final HttpServer http;
    private final RegionPlacement placement;
    /** Publishes this node to the cluster; null for a single node. */
    private final ClusterHeartbeat heartbeat;
    private final String apiUrl;
    /** The HTTP routes, for tests that check them against the OpenAPI document. */
    private Router router;

    private MeridianServer(MediaLoops loops, ConferenceManager manager,
                           MediaCounters counters, Vertx vertx, HttpServer http, RegionPlacement placement,
                           ClusterHeartbeat heartbeat, String apiUrl) {
        this.placement = placement;
        this.heartbeat = heartbeat;
        this.apiUrl = apiUrl;
        this.loops = loops;
        this.manager = manager;
        this.counters = counters;
        this.vertx = vertx;
        this.http = http;
    }

    public static MeridianServer start(MeridianConfig config) throws Exception {
        return start(config, System::nanoTime);
    }

    /**
     * A node whose API counts its rates (joins per client address, messages per events socket) on {@code apiNanos}
     * instead of the system's monotonic clock: for tests that drive those limits without waiting.
     */
    public static MeridianServer start(MeridianConfig config, LongSupplier apiNanos) throws Exception {
        return start(config, DefaultStages.registry(config.retransmission(), config.congestion()), apiNanos);
    }

    /**
     * A node whose conferences run the media stages {@code stages} rather than the ones its config makes: for tests
     * that start a node in their own JVM and watch its packet path (e.g. recording what a browser sends).
     */
    public static MeridianServer start(MeridianConfig config, StageRegistry stages) throws Exception {
        return start(config, stages, System::nanoTime);
    }

    private static MeridianServer start(MeridianConfig config, StageRegistry stages, LongSupplier apiNanos)
            throws Exception {
        Warmup.run();
        DtlsCertificate certificate = config.dtlsCertificate().isPresent()
                ? DtlsCertificate.load(config.dtlsCertificate().get(), config.dtlsKey().orElseThrow())
                : DtlsCertificate.generate();
        ByteBufAllocator heap = new PooledByteBufAllocator(false);
        // The responder exists before the manager (the manager needs the loops, which need the responder).
        AtomicReference<IceCredentialLookup> lookup = new AtomicReference<>();
        IceLiteResponder ice = new IceLiteResponder(ufrag -> {
            IceCredentialLookup l = lookup.get();
            return l == null ? null : l.find(ufrag);
        });
        MediaLoops loops = new MediaLoops(config.mediaHost(), config.mediaPort(), config.mediaLoops(), ice, heap);
        List<Candidate> candidates = new ArrayList<>();
        for (String address : config.publicAddresses()) {
            candidates.add(new Candidate(address, loops.port()));
        }
        if (config.mediaTcpPort() != MeridianConfig.TCP_OFF) {
            int tcpPort;
            try {
                tcpPort = loops.listenTcp(ice, heap, config.mediaHost(),
                        config.mediaTcpPort() == MeridianConfig.TCP_ANY_PORT ? 0 : config.mediaTcpPort());
            } catch (RuntimeException | InterruptedException e) {
                loops.close();
                throw e;
            }
            for (String address : config.publicAddresses()) {
                candidates.add(new Candidate(address, tcpPort, true));
            }
        }
        // The API's own listener is bound later; the shared port passes API connections on to it once it is.
        AtomicReference<InetSocketAddress> apiListener = new AtomicReference<>();
        if (config.mediaSharedTcpPort() != 0) {
            int shared;
            try {
                shared = loops.listenShared(ice, heap, config.mediaHost(), config.mediaSharedTcpPort(),
                        apiListener::get);
            } catch (RuntimeException | InterruptedException e) {
                loops.close();
                throw e;
            }
            for (String address : config.publicAddresses()) {
                candidates.add(new Candidate(address, shared, true));
            }
        }
        NodeMetrics metrics = new NodeMetrics();
        // A single node's pins name the configured URL (nobody forwards to it); a cluster node publishes the URL with
        // the bound port in its heartbeats, from which other nodes' pins take it.
        RegionPlacement placement = PlacementFactory.create(config.cluster(), config.nodeId(), apiUrl(config),
                Clock.systemUTC());
        ConferenceManager manager = new ConferenceManager(
                new ManagerSettings(config.nodeId(), config.region(), candidates, config.handshakeThreads(),
                        config.handshakeTimeout(), config.consentTimeout(), config.mediaSpreadThreshold(),
                        config.retransmission(), config.congestion(), config.iceServers().relayHosts(),
                        config.limits().admission()),
                placement, loops, certificate, heap, Clock.systemUTC(), System::nanoTime, metrics, stages);
        lookup.set(manager.iceLookup());
        MediaCounters counters = MediaCounters.sumOf(manager.mediaCounters());
        metrics.watch(manager, manager.mediaCounters(), loops, heap);
        Vertx vertx = Vertx.vertx();
        ClusterHeartbeat heartbeat = null;
        try {
            Router router = Router.router(vertx);
            ApiLimits limits = config.limits().api(config.cluster().clustered(), apiNanos);
            ApiRoutes.mount(router, manager, config.tlsCertificate().isPresent(),
                    ApiAuth.of(config.authSecret(), config.limits().tokenLifetime()), config.cluster().apiUrl(),
                    new ClusterForwarder(config.nodeId()), config.iceServers(), limits);
            MetricsRoute.mount(router, metrics);
            if (config.demoPage()) {
                // GET/HEAD outside /v1 only, so a wrong method on an API path is still 405, not the page's 404.
                router.routeWithRegex("^/(?!v1/).*").method(HttpMethod.GET).method(HttpMethod.HEAD)
                        .handler(StaticHandler.create("webroot").setCachingEnabled(false));
            }
            HttpServerOptions options = new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort())
                    .setMaxWebSocketFrameSize(limits.eventsMessageBytes())
                    .setMaxWebSocketMessageSize(limits.eventsMessageBytes());
            config.tlsCertificate().ifPresent(cert -> ApiTls.apply(options, cert, config.tlsKey().orElseThrow()));
            HttpServer http = vertx.createHttpServer(options).requestHandler(router)
                    .invalidRequestHandler(new InvalidRequestHandler(options)).listen()
                    .toCompletionStage().toCompletableFuture().get();
            apiListener.set(new InetSocketAddress(loopbackIfWildcard(config.httpHost()), http.actualPort()));
            String boundApiUrl = config.cluster().effectiveApiUrl(config.httpHost(), http.actualPort(),
                    config.tlsCertificate().isPresent());
            if (config.cluster().clustered()) {
                heartbeat = new ClusterHeartbeat(placement, manager, config.nodeId(), config.region(), boundApiUrl,
                        config.publicAddresses(), config.cluster().redisTimeout());
                heartbeat.start(config.cluster().heartbeat());
            }
            MeridianServer server = new MeridianServer(loops, manager, counters, vertx, http, placement,
                    heartbeat, boundApiUrl);
            server.router = router;
            return server;
        } catch (Exception e) {
            if (heartbeat != null) {
                heartbeat.close();
            }
            manager.close();
            placement.close();
            loops.close();
            vertx.close();
            throw e;
        }
    }

    /** Where a local connection reaches a listener bound to {@code host} (a wildcard: loopback of its family). */
    private static String loopbackIfWildcard(String host) {
        return switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "0:0:0:0:0:0:0:0" -> "::1";
            default -> host;
        };
    }

    /** The live HTTP router (every registered route); tests compare it with /v1/openapi.json. */
    public Router router() {
        return router;
    }

    /** This node's API base URL as configured, before the HTTP port is bound. */
    private static String apiUrl(MeridianConfig config) {
        return config.cluster().effectiveApiUrl(config.httpHost(), config.httpPort(),
                config.tlsCertificate().isPresent());
    }

    /** This node's API base URL as clients and other nodes reach it (cluster.api-url, or with the bound port). */
    public String apiUrl() {
        return apiUrl;
    }

    public int httpPort() {
        return http.actualPort();
    }

    public int mediaPort() {
        return loops.port();
    }

    /** The ICE-TCP port, 0 when media.tcp-port is 0. */
    public int mediaTcpPort() {
        return loops.tcpPort();
    }

    /** The port shared by the API and ICE-TCP, 0 when media.shared-tcp-port is 0. */
    public int sharedTcpPort() {
        return loops.sharedPort();
    }

    /** The router's counters, summed over the media loops (a live view). */
    public MediaCounters mediaCounters() {
        return counters;
    }

    public io.meridian.server.transport.TransportCounters transportCounters() {
        return loops.counters();
    }

    /** The media loops (per-loop counters and placement, for tests and metrics). */
    public MediaLoops mediaLoops() {
        return loops;
    }

    public ConferenceManager conferences() {
        return manager;
    }

    @Override
    public void close() {
        // Stop accepting, then end the conferences while Vert.x can still close their events sockets cleanly;
        // socket-close callbacks that arrive after the manager closed are ignored there.
        try {
            http.close().toCompletionStage().toCompletableFuture().join();
            manager.close();
            if (heartbeat != null) {
                heartbeat.close();
            }
            placement.close();
        } finally {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            } finally {
                loops.close();
            }
        }
    }
}
