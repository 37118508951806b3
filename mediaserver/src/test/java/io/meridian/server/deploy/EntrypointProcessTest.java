package io.meridian.server.deploy;

import io.meridian.server.config.Setting;
import io.meridian.server.peer.ChildProcesses;
import io.meridian.server.peer.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image's entrypoint ({@code docker/entrypoint.sh}), run directly with the environment the Dockerfile sets plus
 * loopback overrides, starts the server: the ready line names the node id mapped from {@code POD_NAME}, {@code /readyz}
 * answers 200, the image's HEALTHCHECK script passes, the process is the JVM itself (exec, so SIGTERM reaches it)
 * and SIGTERM makes it drain and exit 0. No Docker engine is needed; the jar is replaced by the test class path
 * through the entrypoint's {@code APP_CLASSPATH} (the jar is packaged only after the tests run).
 */
@Timeout(180)
class EntrypointProcessTest {
    /** The ready line's URL; '/' is JSON-escaped as "\/" in the json log format the image sets. */
    private static final Pattern READY = Pattern.compile("ready: https?:\\\\?/\\\\?/127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String SECRET = "entrypoint-test-secret-of-at-least-32-bytes";

    @TempDir
    Path dir;

    @Test
    void theDockerfileDescribesANonRootImageRunningTheEntrypoint() throws IOException {
        List<String> runtime = DockerImageFiles.runtimeInstructions();
        String all = String.join("\n", runtime);
        assertTrue(runtime.get(0).startsWith("FROM eclipse-temurin:17-jre"), runtime.get(0));
        assertTrue(runtime.stream().anyMatch(i -> i.matches("USER 10001(:10001)?")), "non-root USER 10001:\n" + all);
        assertTrue(runtime.contains("EXPOSE 8080/tcp 10000/udp 4443/tcp"), "the API, media over UDP and ICE-TCP:\n" + all);
        assertTrue(runtime.contains("ENTRYPOINT [\"/opt/meridian/entrypoint.sh\"]"), all);
        assertTrue(runtime.stream().anyMatch(i -> i.startsWith("HEALTHCHECK ") && i.contains("/opt/meridian/healthcheck.sh")),
                all);
        assertTrue(runtime.stream().anyMatch(i -> i.startsWith("COPY ") && i.contains("docker/entrypoint.sh")
                && i.contains("docker/healthcheck.sh") && i.endsWith(" /opt/meridian/")), all);
        assertTrue(Files.isExecutable(DockerImageFiles.ENTRYPOINT), "entrypoint.sh must be executable");
        assertTrue(Files.isExecutable(DockerImageFiles.HEALTHCHECK), "healthcheck.sh must be executable");
        // Every MERIDIAN_* variable the image sets is a setting: the node rejects unknown ones.
        List<String> settings = Arrays.stream(Setting.values()).map(Setting::environmentVariable).toList();
        for (String name : DockerImageFiles.imageEnvironment().keySet()) {
            if (name.startsWith("MERIDIAN_")) {
                assertTrue(settings.contains(name), "the Dockerfile sets " + name + ", which is no setting");
            }
        }
        assertEquals("0.0.0.0", DockerImageFiles.imageEnvironment().get("MERIDIAN_HTTP_HOST"));
        assertEquals("0.0.0.0", DockerImageFiles.imageEnvironment().get("MERIDIAN_MEDIA_HOST"));
        assertEquals("10000", DockerImageFiles.imageEnvironment().get("MERIDIAN_MEDIA_PORT"));
        assertTrue(Files.exists(DockerImageFiles.ROOT.resolve(".dockerignore")), ".dockerignore at the context root");
    }

    @Test
    void theEntrypointStartsTheServerWhichIsReadyAndDrainsOnSigterm() throws Exception {
        int httpPort = freeTcpPort();
        Map<String, String> env = imageEnvironmentOnLoopback();
        env.put("MERIDIAN_HTTP_PORT", Integer.toString(httpPort));
        env.put("MERIDIAN_AUTH_SECRET", SECRET);
        env.put("PUBLIC_ADDRESS", "127.0.0.1");
        env.put("POD_NAME", "meridian-entrypoint-0");
        Process process = start(env);
        Path out = dir.resolve("entrypoint.stdout");
        try {
            Poll.until("the entrypoint's node prints its ready line", START_TIMEOUT, () -> {
                Matcher m = READY.matcher(ChildProcesses.read(out));
                if (m.find()) {
                    return null;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the entrypoint exited with " + process.exitValue()
                            + " before the node was ready\n" + output());
                }
                return "no ready line yet";
            });
            Matcher m = READY.matcher(ChildProcesses.read(out));
            assertTrue(m.find());
            assertEquals(httpPort, Integer.parseInt(m.group(1)), output());
            String stdout = ChildProcesses.read(out);
            assertTrue(stdout.contains("meridian-entrypoint-0"), "POD_NAME becomes the node id\n" + output());
            assertTrue(stdout.lines().allMatch(l -> l.isBlank() || l.startsWith("{")),
                    "the image logs JSON lines (MERIDIAN_LOG_FORMAT=json)\n" + output());

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/readyz")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());

            // The image's HEALTHCHECK, with the same environment.
            assertEquals(0, healthcheck(env), "healthcheck.sh: " + ChildProcesses.read(dir.resolve("health.out")));

            // exec: the entrypoint's process is the JVM, so a container's SIGTERM reaches the node.
            String command = process.info().command().orElse("");
            assertTrue(command.endsWith("/java"), "the entrypoint process runs " + command + ", not java");

            kill("TERM", process.pid());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the node did not exit after SIGTERM\n" + output());
            assertEquals(0, process.exitValue(), output());
        } finally {
            ChildProcesses.stop(process);
        }
    }

    @Test
    void theHealthcheckFailsWhenNothingListens() throws Exception {
        Map<String, String> env = imageEnvironmentOnLoopback();
        env.put("MERIDIAN_HTTP_PORT", Integer.toString(freeTcpPort()));
        assertEquals(1, healthcheck(env), ChildProcesses.read(dir.resolve("health.out")));
    }

    @Test
    void theEntrypointRefusesToStartWithoutAPublicAddressOrASecret() throws Exception {
        Map<String, String> env = new HashMap<>(DockerImageFiles.imageEnvironment());
        env.put("MERIDIAN_AUTH_SECRET", SECRET);
        assertRefused(env, "MERIDIAN_MEDIA_PUBLIC_ADDRESS");

        env.put("PUBLIC_ADDRESS_COMMAND", "exit 3");
        assertRefused(env, "PUBLIC_ADDRESS_COMMAND failed");

        env.remove("PUBLIC_ADDRESS_COMMAND");
        env.remove("MERIDIAN_AUTH_SECRET");
        env.put("PUBLIC_ADDRESS", "203.0.113.7");
        assertRefused(env, "MERIDIAN_AUTH_SECRET");

        env.put("AUTH_SECRET_FILE", dir.resolve("missing").toString());
        assertRefused(env, "AUTH_SECRET_FILE");
    }

    private void assertRefused(Map<String, String> env, String expected) throws Exception {
        Process process = start(env);
        try {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the entrypoint did not exit\n" + output());
            assertEquals(64, process.exitValue(), output());
            String stderr = ChildProcesses.read(dir.resolve("entrypoint.stderr"));
            assertTrue(stderr.startsWith("meridian-entrypoint: ") && stderr.contains(expected),
                    "expected a message naming " + expected + "\n" + output());
        } finally {
            ChildProcesses.stop(process);
        }
    }

    /** The Dockerfile's environment, bound to loopback with any free media port, small heap, this JVM's class path. */
    private static Map<String, String> imageEnvironmentOnLoopback() throws IOException {
        Map<String, String> env = new HashMap<>(DockerImageFiles.imageEnvironment());
        env.put("MERIDIAN_HTTP_HOST", "127.0.0.1");
        env.put("MERIDIAN_MEDIA_HOST", "127.0.0.1");
        env.put("MERIDIAN_MEDIA_PORT", "0");
        return env;
    }

    /** Runs docker/entrypoint.sh directly, with no jar: APP_CLASSPATH points it at this JVM's class path. */
    private Process start(Map<String, String> env) throws IOException {
        Map<String, String> full = new HashMap<>(env);
        full.put("JAVA_HOME", System.getProperty("java.home"));
        full.put("APP_CLASSPATH", System.getProperty("java.class.path"));
        full.put("JAVA_OPTS", "-Xmx256m");
        ProcessBuilder builder = new ProcessBuilder(DockerImageFiles.ENTRYPOINT.toString())
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("entrypoint.stdout").toFile())
                .redirectError(dir.resolve("entrypoint.stderr").toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        clean(builder.environment());
        builder.environment().putAll(full);
        return builder.start();
    }

    /** Nothing of the test environment that the entrypoint or the node reads leaks in. */
    private static void clean(Map<String, String> environment) {
        environment.keySet().removeIf(k -> k.startsWith("MERIDIAN_") || k.startsWith("JAVA_") || k.startsWith("APP_")
                || List.of("PUBLIC_ADDRESS", "PUBLIC_ADDRESS_COMMAND", "POD_NAME", "AUTH_SECRET_FILE").contains(k));
    }

    /** Runs the image's HEALTHCHECK script with {@code env}; returns its exit status. */
    private int healthcheck(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(DockerImageFiles.HEALTHCHECK.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("health.out").toFile());
        clean(builder.environment());
        builder.environment().putAll(env);
        Process health = builder.start();
        try {
            assertTrue(health.waitFor(30, TimeUnit.SECONDS), "healthcheck.sh did not finish");
            return health.exitValue();
        } finally {
            ChildProcesses.stop(health);
        }
    }

    private String output() {
        return "--- stdout ---\n" + ChildProcesses.read(dir.resolve("entrypoint.stdout"))
                + "--- stderr ---\n" + ChildProcesses.read(dir.resolve("entrypoint.stderr"));
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void kill(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        assertTrue(kill.waitFor(20, TimeUnit.SECONDS), "kill did not finish");
        assertEquals(0, kill.exitValue(), new String(kill.getInputStream().readAllBytes()));
    }
}
