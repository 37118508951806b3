package io.meridian.server.node;

import io.meridian.server.MeridianServer;
import io.meridian.server.config.ConfigLoader;
import io.meridian.server.config.MeridianConfig;
import io.meridian.client.ApiClient;
import io.meridian.server.peer.TestPeer;
import io.meridian.srtp.SrtpProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A node on loopback plus the peers a test joined to it; closing it closes the peers, then the node. */
final class RunningNode implements AutoCloseable {
    static final String LOOPS_PROPERTY = "meridian.test.media-loops";
    final MeridianServer server;
    final ApiClient api;
    private final List<TestPeer> peers = new ArrayList<>();

    private RunningNode(MeridianServer server) {
        this.server = server;
        this.api = ApiClient.onLoopback(server.httpPort());
    }

    /**
     * A development node with the number of media loops the build asks for (system property
     * {@value #LOOPS_PROPERTY}: .ci/run runs these tests with 1 loop and again with 2), else the node's default.
     */
    static RunningNode start() throws Exception {
        String loops = System.getProperty(LOOPS_PROPERTY, "");
        return loops.isBlank() ? new RunningNode(MeridianServer.start(MeridianConfig.devOnLoopback())) : start(
                Integer.parseInt(loops));
    }

    /** As {@link #start()}, with more command-line options (e.g. {@code "--cc-probing", "false"}). */
    static RunningNode startWith(String... options) throws Exception {
        String loops = System.getProperty(LOOPS_PROPERTY, "");
        return start(loops.isBlank() ? 0 : Integer.parseInt(loops), options);
    }

    static RunningNode start(int mediaLoops, String... moreOptions) throws Exception {
        List<String> args = new ArrayList<>(List.of("--dev", "--http-port", "0", "--media-port", "0",
                "--media-loops", Integer.toString(mediaLoops)));
        args.addAll(List.of(moreOptions));
        return new RunningNode(MeridianServer.start(ConfigLoader.load(args, Map.of())));
    }

    TestPeer join(String conferenceId, String label) {
        TestPeer peer = TestPeer.join(api, conferenceId, label);
        peers.add(peer);
        return peer;
    }

    TestPeer join(String conferenceId, String label, List<SrtpProfile> profiles) {
        TestPeer peer = TestPeer.join(api, conferenceId, label, profiles);
        peers.add(peer);
        return peer;
    }

    /** Joins two peers to a conference and waits until each has answered the offer with the other's tracks. */
    TestPeer[] pair(String conferenceId, String labelA, String labelB) {
        TestPeer a = join(conferenceId, labelA);
        TestPeer b = join(conferenceId, labelB);
        a.awaitAnsweredOfferWith(b);
        b.awaitAnsweredOfferWith(a);
        return new TestPeer[] {a, b};
    }

    @Override
    public void close() {
        try {
            for (TestPeer peer : peers) {
                peer.close();
            }
        } finally {
            server.close();
        }
    }
}
