package io.meridian.server.browser;

import io.meridian.server.peer.Poll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real coturn (Debian's {@code turnserver}) on an address of its own in the lab's hub (every namespace reaches it,
 * and it reaches the node), checking credentials in the TURN REST API scheme against {@code secret}
 * ({@code use-auth-secret}), as a deployment beside Meridian nodes runs it. Closing it stops the process.
 */
final class Coturn implements AutoCloseable {
    static final int PORT = 3478;
    static final String REALM = "meridian";

    private final Process process;
    private final Path log;
    final String address;

    private Coturn(Process process, Path log, String address) {
        this.process = process;
        this.log = log;
        this.address = address;
    }

    /** Starts coturn on {@code a} and returns once it listens on UDP {@link #PORT}. */
    static Coturn start(String a, String secret) throws IOException {
        Path log = Files.createTempFile("meridian-coturn-", ".log");
        log.toFile().deleteOnExit();
        Process process = new ProcessBuilder(List.of("turnserver", "-n", "--no-cli",
                "--listening-ip=" + a, "--relay-ip=" + a, "--listening-port=" + PORT, "--use-auth-secret",
                "--static-auth-secret=" + secret, "--realm=" + REALM, "--fingerprint", "--no-tls", "--no-dtls",
                "--log-file=stdout", "--simple-log"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Coturn coturn = new Coturn(process, log, a);
        try {
            Poll.until("coturn listens on " + a + ":" + PORT, Duration.ofSeconds(15), Duration.ofMillis(100), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("coturn exited: " + coturn.log());
                }
                String sockets = run(List.of("ss", "-Hlun", "sport = :" + PORT));
                return sockets.contains(a + ":" + PORT) ? null : "not yet listening";
            }, coturn::log);
        } catch (RuntimeException | AssertionError e) {
            coturn.close();
            throw e;
        }
        return coturn;
    }

    /** {@code turn:ADDRESS:PORT?transport=udp}. */
    String udpUrl() {
        return "turn:" + address + ":" + PORT + "?transport=udp";
    }

    /** What coturn logged so far (allocations, refusals). */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
