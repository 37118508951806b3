package io.meridian.server.lifecycle;

import io.meridian.server.peer.ChildProcesses;

import io.meridian.client.ApiClient;
import io.meridian.server.peer.Poll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node in its own JVM ({@code Main serve --dev} on loopback, ephemeral ports), started from this test JVM's class
 * path, with standard output and error captured to files. Close it in a finally block: it kills the process.
 */
final class NodeProcess implements AutoCloseable {
    /** The ready line's URL; '/' may be JSON-escaped as "\/" in the json log format. */
    private static final Pattern READY = Pattern.compile("ready: https?:\\\\?/\\\\?/127\\.0\\.0\\.1:(\\d+)");
    /** Start-up includes jitsi-srtp's AES benchmark and JIT warm-up; generous for a loaded CI machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    final Process process;
    private final Path stdout;
    private final Path stderr;
    private int httpPort;
    private ApiClient api;

    private NodeProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code Main serve --dev --http-port 0 --media-port 0 <extra>} and waits for its ready line. */
    static NodeProcess start(Path dir, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "io.meridian.server.Main", "serve", "--dev", "--http-port", "0", "--media-port", "0"));
        command.addAll(List.of(extra));
        Path out = dir.resolve("node.stdout");
        Path err = dir.resolve("node.stderr");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        // Settings come from the flags only: no MERIDIAN_* variable of the test environment leaks in.
        builder.environment().keySet().removeIf(k -> k.startsWith("MERIDIAN_"));
        NodeProcess node = new NodeProcess(builder.start(), out, err);
        try {
            node.awaitReady();
            return node;
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    private void awaitReady() {
        Poll.until("the node process prints its ready line", START_TIMEOUT, () -> {
            Matcher m = READY.matcher(stdout());
            if (m.find()) {
                httpPort = Integer.parseInt(m.group(1));
                return null;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the node exited with " + process.exitValue() + " before it was ready\n"
                        + output());
            }
            return "no ready line yet";
        });
        api = ApiClient.onLoopback(httpPort);
    }

    ApiClient api() {
        return api;
    }

    long pid() {
        return process.pid();
    }

    /** Sends a signal (e.g. "TERM", "INT") with kill(1). */
    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(20, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new AssertionError("kill -" + name + " did not finish");
            }
            if (kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run kill: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for the process to exit by itself and returns its status; fails (with its output) after {@code max}. */
    int awaitExit(Duration max) {
        try {
            if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the node did not exit within " + max.toSeconds() + " s\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    String stdout() {
        return ChildProcesses.read(stdout);
    }

    List<String> stdoutLines() {
        return stdout().lines().toList();
    }

    String output() {
        return "--- stdout ---\n" + stdout() + "--- stderr ---\n" + ChildProcesses.read(stderr);
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }
}
