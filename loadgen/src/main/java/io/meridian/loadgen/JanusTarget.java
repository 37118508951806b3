package io.meridian.loadgen;

import io.meridian.client.ApiClient;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Janus VideoRoom as the server under test: Janus in a {@link NetNamespace} of its own ({@link JanusProcess}), one
 * VideoRoom room per scenario conference (created on first use, with room for every participant of the run as a
 * publisher), and {@link JanusParticipant}s. Janus has no metrics endpoint the bench could use alike, so its figures
 * come from /proc ({@link ProcessCounters}): datagrams from its namespace's UDP counters, memory as resident set
 * size, dropped packets unknown (-1).
 */
final class JanusTarget implements BenchTarget {
    private static final long FIRST_ROOM = 4200;

    private final NetNamespace ns;
    private final JanusProcess janus;
    private final JanusApi api;
    private final int maxPublishers;
    private final Map<String, Long> rooms = new HashMap<>();
    /** Renegotiations of every participant (each participant's run one at a time, see JanusParticipant). */
    private final ExecutorService signalling = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-janus-signalling");
        t.setDaemon(true);
        return t;
    });

    private JanusTarget(NetNamespace ns, JanusProcess janus, int maxPublishers) {
        this.ns = ns;
        this.janus = janus;
        this.api = new JanusApi(janus.api());
        this.maxPublishers = maxPublishers;
    }

    /** What is missing to run this target here, with how to get it; null when nothing is. */
    static String missingPrerequisite() {
        String ns = NetNamespace.missingPrerequisite();
        return ns != null ? ns : JanusProcess.missingPrerequisite();
    }

    /** Makes the namespace and starts Janus in it; {@code log} names the node log, Janus's goes beside it. */
    static JanusTarget start(Path log, BenchOptions options) throws IOException {
        Path janusLog = log.resolveSibling(log.getFileName().toString().replace("-node.log", "") + "-janus.log");
        int participants = Scenario.named(options.scenario()).participants(options).size();
        NetNamespace ns = NetNamespace.create();
        try {
            return new JanusTarget(ns, JanusProcess.start(ns, janusLog, options.serverCpuPrefix()), participants);
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "janus";
    }

    @Override
    public long pid() {
        return janus.pid();
    }

    @Override
    public BenchParticipant participant(Scenario.Participant planned, int firstStreamId, MeasurementWindow window) {
        long room;
        try {
            room = room(planned.conferenceId());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new JanusParticipant(api, room, planned.label(), planned.publishes(), firstStreamId, window,
                signalling);
    }

    /**
     * The room of a conference, created on first use through a short-lived session: VP8 and Opus as the synthetic
     * media, no bitrate cap (the bench sets the rate), {@code publishers} enough for every participant of the run
     * (VideoRoom's default is 3).
     */
    private synchronized long room(String conferenceId) throws IOException {
        Long known = rooms.get(conferenceId);
        if (known != null) {
            return known;
        }
        long room = FIRST_ROOM + rooms.size();
        try (JanusApi.Session session = api.createSession(problem -> { })) {
            long handle = session.attach(event -> { });
            ObjectNode create = ApiClient.JSON.createObjectNode().put("request", "create").put("room", room)
                    .put("description", conferenceId).put("publishers", Math.max(3, maxPublishers))
                    .put("bitrate", 0).put("audiocodec", "opus").put("videocodec", "vp8");
            JanusApi.pluginData(session.message(handle, create, null, null));
        }
        rooms.put(conferenceId, room);
        return room;
    }

    @Override
    public ServerSample sample() throws IOException {
        ProcessCounters c = ProcessCounters.read(janus.pid());
        return new ServerSample(c.outDatagrams(), c.inDatagrams(), -1, c.residentBytes(), c.threads());
    }

    /** A native server has no garbage collector to ask: the memory sample is the resident set as it is. */
    @Override
    public boolean collectGarbage() {
        return false;
    }

    @Override
    public void close() {
        signalling.shutdownNow();
        try {
            janus.close();
        } finally {
            ns.close();
        }
    }
}
