package io.meridian.loadgen;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Meridian node under test, as a child process started from the node's own jar, meridian.jar ({@code serve
 * --dev} on loopback, ephemeral ports, or the same node bound to a {@link NetNamespace}'s address by {@code
 * io.meridian.server.NamespaceNodeMain}): the load generator shares no code with the node. Its output goes to a
 * log file. Close it: it kills the process.
 */
final class ServerProcess implements AutoCloseable {
    /** Where meridian.jar is, when set: {@code ./meridian bench} and the tests set it. */
    static final String NODE_JAR_PROPERTY = "meridian.node.jar";
    private static final String NODE_JAR = "meridian.jar";
    /**
     * Extra JVM options for the node, space-separated (profiling: {@code -XX:+UnlockDiagnosticVMOptions
     * -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer} for {@code perf}); {@code ./meridian bench} passes
     * {@code MERIDIAN_NODE_JAVA_OPTS} as it.
     */
    static final String NODE_JVM_OPTIONS_PROPERTY = "meridian.node.jvm-options";
    /** The ready line's URL; '/' may be JSON-escaped as "\/" in the json log format. */
    private static final Pattern READY = Pattern.compile("ready: https?:\\\\?/\\\\?/([0-9.]+):(\\d+)");
    private static final long START_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(120);

    private final Process process;
    private final String host;
    private final int httpPort;

    private ServerProcess(Process process, String host, int httpPort) {
        this.process = process;
        this.host = host;
        this.httpPort = httpPort;
    }

    /** Starts the node with {@code -Xmx<heap>} and waits (bounded) for its ready line. */
    static ServerProcess start(Path log, String heap, List<String> nodeOptions, List<String> cpuPrefix)
            throws IOException {
        return start(log, heap, nodeOptions, cpuPrefix, List.of());
    }

    /** As {@link #start(Path, String, List, List)}, with more JVM options for the node (e.g. leak detection). */
    static ServerProcess start(Path log, String heap, List<String> nodeOptions, List<String> cpuPrefix,
                               List<String> moreJvmOptions) throws IOException {
        List<String> command = new ArrayList<>(cpuPrefix);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        command.addAll(jvmOptions());
        command.addAll(moreJvmOptions);
        command.addAll(List.of(
                "-jar", nodeJar().toString(),
                "serve", "--dev", "--http-port", "0", "--media-port", "0", "--log-level", "info"));
        command.addAll(nodeOptions);
        return launch(command, log);
    }

    /**
     * Starts the node inside {@code ns}, bound to its address (see {@code io.meridian.server.NamespaceNodeMain});
     * {@code ip netns exec} execs the JVM, so {@link #pid()} is the node's own.
     */
    static ServerProcess startIn(NetNamespace ns, Path log, String heap, List<String> nodeOptions,
                                 List<String> cpuPrefix) throws IOException {
        List<String> command = new ArrayList<>(cpuPrefix);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        command.addAll(jvmOptions());
        command.addAll(List.of(
                "-cp", nodeJar().toString(),
                "io.meridian.server.NamespaceNodeMain", ns.serverAddress()));
        command.addAll(nodeOptions);
        return launch(ns.exec(command), log);
    }

    private static List<String> jvmOptions() {
        String options = System.getProperty(NODE_JVM_OPTIONS_PROPERTY, "").trim();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    /**
     * The node's jar: the {@value #NODE_JAR_PROPERTY} system property when set, else meridian.jar beside the
     * bench's own jar, else this checkout's {@code mediaserver/target/meridian.jar} (the bench running from
     * {@code loadgen/target}).
     */
    static Path nodeJar() throws IOException {
        String configured = System.getProperty(NODE_JAR_PROPERTY);
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        } else {
            Path target = codeLocation().getParent();
            candidates.add(target.resolve(NODE_JAR));
            // loadgen/target -> mediaserver/target
            candidates.add(target.getParent().resolveSibling("mediaserver").resolve("target").resolve(NODE_JAR));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IOException("the node's jar is not at " + candidates + ": build it (./meridian build, or mvn "
                + "package in mediaserver) or name it with -D" + NODE_JAR_PROPERTY + "=PATH");
    }

    /** The bench's jar, or its classes directory when it runs from the build (loadgen/target/classes). */
    private static Path codeLocation() throws IOException {
        try {
            return Path.of(ServerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot tell where the bench runs from; set -D" + NODE_JAR_PROPERTY, e);
        }
    }

    private static ServerProcess launch(List<String> command, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Settings come from the flags only: no MERIDIAN_* variable of the caller's environment leaks in.
        builder.environment().keySet().removeIf(k -> k.startsWith("MERIDIAN_"));
        Process process = builder.start();
        // A bench killed from outside (Ctrl-C, timeout) must not leave the node running.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "meridian-bench-node-stop"));
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        try {
            while (System.currentTimeMillis() < deadline) {
                Matcher m = READY.matcher(read(log));
                if (m.find()) {
                    return new ServerProcess(process, m.group(1), Integer.parseInt(m.group(2)));
                }
                if (!process.isAlive()) {
                    throw new IOException("the node exited with " + process.exitValue() + " before it was ready:\n"
                            + read(log));
                }
                Thread.sleep(100);
            }
            throw new IOException("the node printed no ready line within " + START_TIMEOUT_MILLIS / 1000 + " s:\n"
                    + read(log));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while the node started", e);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The address the API listens on: 127.0.0.1, or the namespace's. */
    String host() {
        return host;
    }

    int httpPort() {
        return httpPort;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Asks the node's JVM for a full GC ({@code jcmd PID GC.run}) so a following heap sample is live data, not
     * garbage. Returns false when jcmd is missing or refused (e.g. a JRE): the sample is then taken as it is.
     */
    boolean collectGarbage() {
        return jcmd("GC.run") != null;
    }

    /**
     * The node's threads by name, with a trailing number cut off ("vert.x-worker-thread-3" counts as
     * "vert.x-worker-thread-"), from {@code jcmd PID Thread.print}; empty when jcmd is missing or refused.
     */
    java.util.SortedMap<String, Integer> threadsByName() {
        String dump = jcmd("Thread.print");
        java.util.SortedMap<String, Integer> out = new java.util.TreeMap<>();
        if (dump != null) {
            for (String line : dump.split("\n")) {
                if (line.startsWith("\"")) {
                    String name = line.substring(1, line.indexOf('"', 1)).replaceAll("[0-9]+$", "");
                    out.merge(name, 1, Integer::sum);
                }
            }
        }
        return out;
    }

    /** Runs {@code jcmd PID command} (bounded); its output, or null when jcmd is missing or failed. */
    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return null;
        }
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command)
                    .redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(output, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() {
        ProcessStop.stop(process);
    }
}
