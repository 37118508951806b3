package io.meridian.server.cluster;

import io.meridian.server.peer.ChildProcesses;

import io.meridian.client.ApiClient;
import io.meridian.server.peer.Poll;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node of a test cluster in its own JVM ({@code Main serve --dev --redis-url ...} on loopback, ephemeral ports),
 * with its output captured to files. Close it in a finally block: it kills the process.
 */
final class ClusterNode implements AutoCloseable {
    private static final Pattern READY =
            Pattern.compile("ready: https?://127\\.0\\.0\\.1:(\\d+)/\\s+media udp/(\\d+)");
    /** Start-up includes jitsi-srtp's AES benchmark and JIT warm-up; generous for a loaded CI machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    final String nodeId;
    final String region;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private int httpPort;
    private int mediaPort;
    private ApiClient api;

    private ClusterNode(String nodeId, String region, Process process, Path stdout, Path stderr) {
        this.nodeId = nodeId;
        this.region = region;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Launches the node; {@link #awaitReady()} waits for its ready line. */
    static ClusterNode launch(Path dir, String nodeId, String region, String redisUrl, String... extra)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "io.meridian.server.Main", "serve", "--dev", "--http-port", "0", "--media-port", "0",
                "--node-id", nodeId, "--region", region, "--redis-url", redisUrl,
                // Redis stopped is refused at once whatever this is; generous so a cold child JVM never trips it.
                "--cluster-redis-timeout-ms", "10000"));
        command.addAll(List.of(extra));
        Path out = dir.resolve(nodeId + ".stdout");
        Path err = dir.resolve(nodeId + ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().keySet().removeIf(k -> k.startsWith("MERIDIAN_"));
        return new ClusterNode(nodeId, region, builder.start(), out, err);
    }

    void awaitReady() {
        Poll.until(nodeId + " prints its ready line", START_TIMEOUT, () -> {
            Matcher m = READY.matcher(ChildProcesses.read(stdout));
            if (m.find()) {
                httpPort = Integer.parseInt(m.group(1));
                mediaPort = Integer.parseInt(m.group(2));
                return null;
            }
            if (!process.isAlive()) {
                throw new AssertionError(nodeId + " exited with " + process.exitValue() + " before it was ready\n"
                        + output());
            }
            return "no ready line yet";
        });
        api = ApiClient.onLoopback(httpPort);
    }

    ApiClient api() {
        return api;
    }

    int mediaPort() {
        return mediaPort;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the node dies without releasing anything, as on a crash. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new AssertionError(nodeId + " did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    String stdout() {
        return ChildProcesses.read(stdout);
    }

    String output() {
        return "--- " + nodeId + " stdout ---\n" + ChildProcesses.read(stdout) + "--- " + nodeId + " stderr ---\n" + ChildProcesses.read(stderr);
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }
}
