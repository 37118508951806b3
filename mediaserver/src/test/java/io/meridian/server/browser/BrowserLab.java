package io.meridian.server.browser;

import io.meridian.netlab.Chromium;
import io.meridian.netlab.Namespace;
import io.meridian.netlab.NetworkLab;
import io.meridian.router.StageRegistry;
import io.meridian.server.MeridianServer;
import io.meridian.server.NamespaceNodeMain;
import io.meridian.server.config.ConfigLoader;
import io.meridian.server.config.MeridianConfig;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a real-network browser test class shares (ARCHITECTURE.md, "Testing across a real network"): a lab of
 * network namespaces, a node in this JVM on the lab's hub address (and, if asked, a second one with retransmission
 * off), a namespace for publishers and one for subscribers, and the Chromium pages opened in them. Closing it
 * closes the browsers, then the nodes, then the lab.
 */
final class BrowserLab implements AutoCloseable {
    /** Deadlines only bound how long a broken build takes to fail. */
    static final Duration JOIN_DEADLINE = Duration.ofSeconds(30);
    static final Duration MEDIA_DEADLINE = Duration.ofSeconds(30);
    static final Duration PART_DEADLINE = Duration.ofSeconds(60);
    static final Duration LEAVE_DEADLINE = Duration.ofSeconds(15);
    static final Duration POLL_INTERVAL = Duration.ofMillis(300);

    private final String label;
    private final long started = System.nanoTime();
    private final NetworkLab network;
    private final List<Chromium> browsers = new ArrayList<>();
    private final List<DemoPage> pages = new ArrayList<>();
    private final List<MeridianServer> nodes = new ArrayList<>();
    /** The node as configured by default (retransmission on). */
    final MeridianServer node;
    /** A node with {@code --retransmission-enabled false}, or null when not asked for. */
    final MeridianServer relayNode;
    final Namespace publishers;
    final Namespace subscribers;

    private BrowserLab(String label, String prefix, boolean withRelayNode, StageRegistry stages,
                       Function<NetworkLab, List<String>> nodeSettings) throws Exception {
        this.label = label;
        this.network = NetworkLab.create(prefix);
        try {
            this.node = startNode(true, stages, nodeSettings.apply(network));
            this.relayNode = withRelayNode ? startNode(false, null, List.of()) : null;
            step("nodes: " + nodes.stream().map(this::url).collect(Collectors.joining(", ")));
            this.publishers = network.addNamespace("publishers");
            this.subscribers = network.addNamespace("subscribers");
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /** A lab whose steps are printed under {@code label}; fails with what is missing when a part is. */
    static BrowserLab start(String label, String prefix, boolean withRelayNode) throws Exception {
        return start(label, prefix, withRelayNode, null);
    }

    /** As {@link #start(String, String, boolean)}, the node's media stages {@code stages} (null: its config's). */
    static BrowserLab start(String label, String prefix, boolean withRelayNode, StageRegistry stages)
            throws Exception {
        requireParts();
        return new BrowserLab(label, prefix, withRelayNode, stages, network -> List.of());
    }

    /**
     * A lab whose node has the settings {@code nodeSettings} gives (command-line flags and values), which may first
     * add namespaces of its own to the lab (e.g. a TURN relay's, whose address the node is told).
     */
    static BrowserLab start(String label, String prefix, Function<NetworkLab, List<String>> nodeSettings)
            throws Exception {
        requireParts();
        return new BrowserLab(label, prefix, false, null, nodeSettings);
    }

    private static void requireParts() {
        DemoPage.requireChromium();
        List<String> missing = NetworkLab.missing(true);
        if (!missing.isEmpty()) {
            throw new AssertionError("The real-network browser tests need " + String.join(", ", missing)
                    + ". Run scripts/install-test-deps.sh as root and run the tests as root (./meridian test does).");
        }
    }

    /** The lab itself (links, downloads). */
    NetworkLab network() {
        return network;
    }

    /** A Chromium in {@code where} on the demo page, with {@code arguments} besides the lab's own. */
    DemoPage open(String name, Namespace where, String... arguments) throws IOException {
        return openAt(url(node), name, where, arguments);
    }

    /** As {@link #open}, on the demo page at {@code baseUrl} (ending in a slash). */
    DemoPage openAt(String baseUrl, String name, Namespace where, String... arguments) throws IOException {
        List<String> all = new ArrayList<>(List.of(secureOrigins()));
        all.addAll(List.of(arguments));
        Chromium browser = Chromium.launch(name, where, all);
        browsers.add(browser);
        step("browser " + name + " started in " + where);
        DemoPage page = new DemoPage(browser, baseUrl);
        pages.add(page);
        return page;
    }

    /**
     * A publisher whose fake camera films noise: the built-in test pattern needs about 250 kbit/s, so it would never
     * fill a narrow link, while noise takes whatever the encoder is allowed.
     */
    DemoPage openNoisy(String name, Namespace where) throws IOException {
        return open(name, where, "--use-file-for-fake-video-capture=" + NoiseVideo.write());
    }

    String url(MeridianServer server) {
        return origin(server) + "/";
    }

    /** {@code subscriber}'s reception of {@code publisherId}'s media; fails when it has none. */
    DemoPage.RemoteStats receivedFrom(DemoPage subscriber, String publisherId) {
        Map<String, DemoPage.RemoteStats> stats = subscriber.stats();
        DemoPage.RemoteStats row = stats.get(publisherId);
        if (row == null) {
            throw new AssertionError(subscriber.name() + " has no inbound-rtp from " + publisherId + ": " + stats
                    + "\n" + diagnostics());
        }
        return row;
    }

    /**
     * {@code first} (its page opened with {@code parameters}) and then {@code second} join {@code conference}, and
     * each decodes the other's video and hears its audio; returns their participant ids, in that order.
     */
    List<String> callEachOther(String conference, DemoPage first, List<String> parameters, DemoPage second,
                               java.util.function.Supplier<String> diagnostics) {
        first.joinWith(conference, first.name(), parameters.toArray(new String[0]));
        String firstId = first.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, diagnostics);
        second.joinWith(conference, second.name());
        String secondId = second.awaitJoined(JOIN_DEADLINE, POLL_INTERVAL, diagnostics);
        first.awaitMediaFrom(List.of(secondId), true, MEDIA_DEADLINE, POLL_INTERVAL, diagnostics);
        second.awaitMediaFrom(List.of(firstId), true, MEDIA_DEADLINE, POLL_INTERVAL, diagnostics);
        return List.of(firstId, secondId);
    }

    /** Each participant of {@code conference} and its transport (udp, tcp, relay), from the node's operator view. */
    Map<String, String> transports(String conference) {
        Map<String, String> out = new java.util.TreeMap<>();
        operatorApi().get("/v1/conferences/" + conference).json().path("participants").forEach(p ->
                out.put(p.path("participantId").asText(), p.path("transport").path("transport").asText()));
        return out;
    }

    /** The node's Prometheus exposition. */
    String metrics() {
        return operatorApi().get("/metrics").body();
    }

    /** The node's participants of {@code conference} (the operator's view: transport, estimate), for diagnostics. */
    String participants(String conference) {
        return operatorApi().get("/v1/conferences/" + conference + "/participants").body();
    }

    private io.meridian.client.ApiClient operatorApi() {
        return new io.meridian.client.ApiClient(java.net.URI.create(url(node)));
    }

    /** Every page still in a call leaves it; a failure here is reported, not thrown over the test's own. */
    void leave(List<DemoPage> inCall) {
        for (DemoPage page : inCall) {
            try {
                if ("joined".equals(page.phase())) {
                    page.leave(LEAVE_DEADLINE, POLL_INTERVAL, this::diagnostics);
                }
            } catch (RuntimeException | AssertionError e) {
                step(page.name() + " could not leave: " + e);
            }
        }
    }

    void step(String what) {
        System.out.printf("[%s +%.1fs] %s%n", label, (System.nanoTime() - started) / 1e9, what);
    }

    /** Every page's state and every link's shaping, for a failure message. */
    String diagnostics() {
        return pages.stream().map(DemoPage::diagnostics).collect(Collectors.joining())
                + network.namespaces().stream().map(ns -> ns.link().describe()).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        try {
            for (Chromium browser : browsers) {
                browser.close();
            }
            browsers.clear();
        } finally {
            try {
                nodes.forEach(MeridianServer::close);
            } finally {
                network.close();
            }
        }
    }

    private MeridianServer startNode(boolean retransmission, StageRegistry stages, List<String> settings)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("--dev", "--http-port", "0", "--media-port", "0",
                "--retransmission-enabled", Boolean.toString(retransmission)));
        args.addAll(settings);
        MeridianConfig dev = ConfigLoader.load(args, Map.of());
        MeridianConfig bound = NamespaceNodeMain.boundTo(dev, network.hubAddress());
        MeridianServer server = stages == null ? MeridianServer.start(bound) : MeridianServer.start(bound, stages);
        nodes.add(server);
        return server;
    }

    /** A page from a lab address is no secure context, and getUserMedia wants one. */
    private String secureOrigins() {
        return "--unsafely-treat-insecure-origin-as-secure="
                + nodes.stream().map(this::origin).collect(Collectors.joining(","));
    }

    private String origin(MeridianServer server) {
        try {
            return "http://" + network.hubAddress() + ":" + server.httpPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the lab's hub address", e);
        }
    }
}
