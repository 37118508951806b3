package io.meridian.loadgen;

import io.meridian.client.ApiClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * A Meridian node as a child process, measured by its own {@code /metrics}: on loopback, or (to be compared with
 * Janus) alone in a {@link NetNamespace}, where its datagrams are counted by the namespace's kernel UDP counters
 * exactly as Janus's are.
 */
final class MeridianTarget implements BenchTarget {
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The HTTP client's callbacks run on two fixed threads. The default executor grows a new thread for every
     * concurrent task (a storm's fifty joins), and each new thread also built its own JSON buffers.
     */
    private static final Executor HTTP_CALLBACKS = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-http");
        t.setDaemon(true);
        return t;
    });

    private final ServerProcess node;
    private final ApiClient api;
    /** Null on loopback. */
    private final NetNamespace ns;
    /** The run's simulcast tracks by {@code a=msid} track id (see {@link LayerWishes}); null when it is not simulcast. */
    private final Map<String, Integer> simulcastTracks;
    /** Participants reach the node's media over ICE-TCP instead of UDP. */
    private final boolean tcp;
    private final double linkLoss;

    private MeridianTarget(ServerProcess node, NetNamespace ns, BenchOptions options) {
        this.node = node;
        this.ns = ns;
        this.simulcastTracks = Scenario.named(options.scenario()).simulcast() ? new ConcurrentHashMap<>() : null;
        this.tcp = options.tcp();
        this.linkLoss = options.receiverLoss() / 100.0;
        this.api = new ApiClient(URI.create("http://" + node.host() + ":" + node.httpPort()), HTTP_TIMEOUT,
                HTTP_CALLBACKS);
    }

    static MeridianTarget start(Path log, BenchOptions options) throws IOException {
        return new MeridianTarget(ServerProcess.start(log, options.serverHeap(), options.nodeOptions(),
                options.serverCpuPrefix()), null, options);
    }

    /** The node in a namespace of its own, as {@link JanusTarget} runs Janus. */
    static MeridianTarget startInNamespace(Path log, BenchOptions options) throws IOException {
        NetNamespace ns = NetNamespace.create();
        try {
            return new MeridianTarget(ServerProcess.startIn(ns, log, options.serverHeap(), options.nodeOptions(),
                    options.serverCpuPrefix()), ns, options);
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "meridian";
    }

    @Override
    public long pid() {
        return node.pid();
    }

    @Override
    public BenchParticipant participant(Scenario.Participant planned, int firstStreamId, MeasurementWindow window) {
        return new SyntheticParticipant(api, planned.conferenceId(), planned.label(), planned.publishes(),
                firstStreamId, window, simulcastTracks, tcp, linkLoss);
    }

    @Override
    public ServerSample sample() throws IOException {
        NodeMetrics m = NodeMetrics.scrape(api);
        if (ns != null) {
            ProcessCounters kernel = ProcessCounters.read(node.pid());
            return new ServerSample(kernel.outDatagrams(), kernel.inDatagrams(), m.packetsDropped(),
                    m.heapUsedBytes(), (int) m.threads(), m.mediaLoopAllocatedBytes(), m.mediaLoopCpuSeconds(),
                m.batchDelay(), m.featurePackets());
        }
        return new ServerSample(m.packetsSent(), m.packetsReceived(), m.packetsDropped(), m.heapUsedBytes(),
                (int) m.threads(), m.mediaLoopAllocatedBytes(), m.mediaLoopCpuSeconds(),
                m.batchDelay(), m.featurePackets());
    }

    @Override
    public boolean collectGarbage() {
        return node.collectGarbage();
    }

    @Override
    public void close() {
        try {
            node.close();
        } finally {
            if (ns != null) {
                ns.close();
            }
        }
    }
}
