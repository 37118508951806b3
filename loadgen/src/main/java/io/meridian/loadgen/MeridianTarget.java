package io.meridian.loadgen;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** A Meridian node as a child process, measured by its own {@code /metrics}. */
final class MeridianTarget implements BenchTarget {
    private final ServerProcess node;
    private final SignallingClient api;

    private MeridianTarget(ServerProcess node) {
        this.node = node;
        this.api = new SignallingClient(URI.create("http://127.0.0.1:" + node.httpPort()));
    }

    static MeridianTarget start(Path log, String heap) throws IOException {
        return new MeridianTarget(ServerProcess.start(log, heap));
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
                firstStreamId, window);
    }

    @Override
    public ServerSample sample() throws IOException {
        NodeMetrics m = NodeMetrics.scrape(api);
        return new ServerSample(m.packetsSent(), m.packetsReceived(), m.packetsDropped(), m.heapUsedBytes(),
                (int) m.threads(), m.mediaLoopAllocatedBytes(), m.mediaLoopCpuSeconds());
    }

    @Override
    public boolean collectGarbage() {
        return node.collectGarbage();
    }

    @Override
    public void close() {
        node.close();
    }
}
