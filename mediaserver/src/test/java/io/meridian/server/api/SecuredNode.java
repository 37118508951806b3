package io.meridian.server.api;

import io.meridian.api.ApiTokens;
import io.meridian.server.MeridianServer;
import io.meridian.server.config.ConfigLoader;
import io.meridian.client.ApiClient;
import io.meridian.server.peer.TestPeer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A development node on loopback with an auth secret, so every /v1 call needs a token, plus the peers a test joined;
 * closing it closes the peers, then the node.
 */
final class SecuredNode implements AutoCloseable {
    static final String SECRET = "meridian-test-secret-0123456789-abcdefghijklmnop";

    final MeridianServer server;
    /** A client that presents no token. */
    final ApiClient anonymous;
    private final List<TestPeer> peers = new ArrayList<>();

    private SecuredNode(MeridianServer server) {
        this.server = server;
        this.anonymous = ApiClient.onLoopback(server.httpPort());
    }

    static SecuredNode start(String... settings) throws Exception {
        return start(System::nanoTime, settings);
    }

    /** A node whose API rates (joins per address, messages per events socket) count time on {@code apiNanos}. */
    static SecuredNode start(LongSupplier apiNanos, String... settings) throws Exception {
        List<String> args = new ArrayList<>(List.of("--dev", "--http-port", "0", "--media-port", "0",
                "--auth-secret", SECRET));
        args.addAll(List.of(settings));
        return new SecuredNode(MeridianServer.start(ConfigLoader.load(args, Map.of()), apiNanos));
    }

    /** A token signed with the node's secret, valid for an hour. */
    static String token(String identity, String conference, boolean operator) {
        return ApiTokens.mint(SECRET, identity, conference, operator, Duration.ofHours(1), Instant.now());
    }

    /** A client presenting {@code token}. */
    ApiClient as(String token) {
        return anonymous.withToken(token);
    }

    /** A node-wide operator ({@code conf} {@code *}, {@code op} true). */
    ApiClient operator() {
        return as(token("ops", "*", true));
    }

    /** Joins a scripted peer to {@code conferenceId} as {@code identity} with a participant token for it. */
    TestPeer join(String conferenceId, String identity) {
        TestPeer peer = TestPeer.join(as(token(identity, conferenceId, false)), conferenceId, identity);
        peers.add(peer);
        return peer;
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
