package io.meridian.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Janus (Debian's {@code janus} package) as a child process inside a {@link NetNamespace}, with a configuration of
 * its own written to a temporary folder: only the HTTP transport (plain HTTP on the namespace's address) and the
 * VideoRoom plugin are loaded (each folder holds a link to that one library), ICE gathers on the namespace's veth
 * only ({@code ice_enforce_list}: libnice skips loopback) and runs ICE-lite, as Meridian does, so Janus is always
 * the controlled agent and the participants control (RFC 8445 §6.1.1) on both PeerConnections, whichever side
 * offered (libnice still sends checks of its own; {@link io.meridian.client.IceCheckResponder} answers them). Everything else is
 * Janus's default (one event loop thread per handle, HTTP long polls). Its output goes to a log file.
 */
final class JanusProcess implements AutoCloseable {
    static final int HTTP_PORT = 8088;
    /** Debian installs Janus's plugins under its multiarch library folder, e.g. /usr/lib/x86_64-linux-gnu/janus. */
    private static final Path JANUS_LIBRARIES = findLibraries();
    private static final long START_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private final Process process;
    private final Path configDir;
    private final URI api;
    private final Thread stopHook;

    private JanusProcess(Process process, Path configDir, URI api, Thread stopHook) {
        this.process = process;
        this.configDir = configDir;
        this.api = api;
        this.stopHook = stopHook;
    }

    /** What is missing to run Janus here, with how to install it; null when nothing is. */
    static String missingPrerequisite() {
        if (!Files.isExecutable(Path.of("/usr/bin/janus"))) {
            return "Janus is not installed (apt-get install janus: Debian 12 has 1.1.2)";
        }
        if (!Files.exists(library("plugins", "libjanus_videoroom.so"))
                || !Files.exists(library("transports", "libjanus_http.so"))) {
            return "Janus's VideoRoom plugin or HTTP transport is missing under " + JANUS_LIBRARIES
                    + " (apt-get install --reinstall janus)";
        }
        return null;
    }

    /** Starts Janus in {@code ns} and waits (bounded) until its HTTP API answers {@code GET /janus/info}. */
    static JanusProcess start(NetNamespace ns, Path log, List<String> cpuPrefix) throws IOException {
        Path dir = Files.createTempDirectory("meridian-bench-janus-");
        Process process = null;
        try {
            writeConfig(dir, ns);
            Files.createDirectories(log.toAbsolutePath().getParent());
            List<String> command = new java.util.ArrayList<>(cpuPrefix);
            command.addAll(List.of("/usr/bin/janus", "-F", dir.resolve("conf").toString(),
                    "-C", dir.resolve("conf/janus.jcfg").toString(), "--disable-colors"));
            process = new ProcessBuilder(ns.exec(command))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Process started = process;
            // A bench stopped from outside (Ctrl-C, timeout) must not leave Janus running or its folder behind.
            Thread stopHook = new Thread(() -> {
                started.destroyForcibly();
                deleteTree(dir);
            }, "meridian-bench-janus-stop");
            Runtime.getRuntime().addShutdownHook(stopHook);
            URI api = URI.create("http://" + ns.serverAddress() + ":" + HTTP_PORT + "/janus");
            try {
                awaitReady(process, api, log);
            } catch (IOException | RuntimeException e) {
                Runtime.getRuntime().removeShutdownHook(stopHook);
                throw e;
            }
            return new JanusProcess(process, dir, api, stopHook);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            deleteTree(dir);
            throw e;
        }
    }

    /** The HTTP API's base, e.g. {@code http://10.150.1.2:8088/janus}. */
    URI api() {
        return api;
    }

    /** Janus's own PID: {@code ip netns exec} enters the namespace and execs, so it is the child's PID. */
    long pid() {
        return process.pid();
    }

    private static void writeConfig(Path dir, NetNamespace ns) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        for (String kind : List.of("plugins", "transports", "events", "loggers")) {
            Files.createDirectories(dir.resolve(kind));
        }
        Files.createSymbolicLink(dir.resolve("plugins/libjanus_videoroom.so"),
                library("plugins", "libjanus_videoroom.so"));
        Files.createSymbolicLink(dir.resolve("transports/libjanus_http.so"),
                library("transports", "libjanus_http.so"));
        Files.writeString(conf.resolve("janus.jcfg"), """
                general: {
                	configs_folder = "%1$s/conf"
                	plugins_folder = "%1$s/plugins"
                	transports_folder = "%1$s/transports"
                	events_folder = "%1$s/events"
                	loggers_folder = "%1$s/loggers"
                	debug_level = 4
                	interface = "%2$s"
                	protected_folders = []
                }
                certificates: {
                }
                media: {
                	rtp_port_range = "20000-40000"
                }
                nat: {
                	ice_lite = true
                	ice_enforce_list = "%3$s"
                	ignore_mdns = true
                	nice_debug = false
                }
                plugins: {
                }
                transports: {
                }
                loggers: {
                }
                events: {
                }
                """.formatted(dir, ns.serverAddress(), ns.serverInterface()), StandardCharsets.UTF_8);
        // Long polls hold one connection per participant: lift libmicrohttpd's 1020-connection default.
        Files.writeString(conf.resolve("janus.transport.http.jcfg"), """
                general: {
                	json = "plain"
                	base_path = "/janus"
                	http = true
                	port = %d
                	ip = "%s"
                	https = false
                	mhd_connection_limit = 8000
                }
                admin: {
                	admin_http = false
                	admin_https = false
                }
                """.formatted(HTTP_PORT, ns.serverAddress()), StandardCharsets.UTF_8);
        // No static rooms: the bench creates its own through the API, sized for the scenario.
        Files.writeString(conf.resolve("janus.plugin.videoroom.jcfg"), "general: {\n}\n", StandardCharsets.UTF_8);
    }

    private static void awaitReady(Process process, URI api, Path log) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest info = HttpRequest.newBuilder(URI.create(api + "/info")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        try {
            while (System.currentTimeMillis() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("janus exited with " + process.exitValue() + " before it was ready:\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                try {
                    if (http.send(info, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // Not listening yet.
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while janus started", e);
        }
        throw new IOException("janus's HTTP API did not answer within " + START_TIMEOUT_MILLIS / 1000 + " s (log: "
                + log + ")");
    }

    private static Path findLibraries() {
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib"))) {
            return dirs.map(d -> d.resolve("janus")).filter(d -> Files.isDirectory(d.resolve("plugins"))).findFirst()
                    .orElse(Path.of("/usr/lib/janus"));
        } catch (IOException e) {
            return Path.of("/usr/lib/janus");
        }
    }

    private static Path library(String kind, String file) {
        return JANUS_LIBRARIES.resolve(kind).resolve(file);
    }

    /** SIGTERM (Janus tears its sessions down), then SIGKILL after 10 s; removes the configuration folder. */
    @Override
    public void close() {
        ProcessStop.stop(process);
        deleteTree(configDir);
        try {
            Runtime.getRuntime().removeShutdownHook(stopHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook does the same again, harmlessly.
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
