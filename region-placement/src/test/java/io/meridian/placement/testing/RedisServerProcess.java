package io.meridian.placement.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for tests, on a free loopback port of its own, without persistence. Never skips: a
 * missing binary fails the test with the command that installs it.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.start()) {
 *     new RedisRegionPlacement(redis.url(), ...);
 *     redis.stop();     // simulate an outage
 *     redis.restart();  // same port, empty data set
 * }
 * }</pre>
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final long READY_TIMEOUT_MS = 10_000;
    private static final long STOP_TIMEOUT_MS = 10_000;

    private final String binary;
    private final int port;
    private final Path dir;
    private final Path log;
    private Process process;
    private Thread reaper;
    private boolean frozen;

    private RedisServerProcess(String binary, int port, Path dir) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
        this.log = dir.resolve("redis.log");
    }

    /** Starts redis-server on a free loopback port and returns once it answers PING. */
    public static RedisServerProcess start() {
        String binary = findBinary();
        IllegalStateException last = null;
        // A port found free can be taken by someone else before redis binds it: try a few.
        for (int attempt = 0; attempt < 5; attempt++) {
            Path dir;
            try {
                dir = Files.createTempDirectory("meridian-redis-");
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a directory for redis-server", e);
            }
            RedisServerProcess redis = new RedisServerProcess(binary, freeLoopbackPort(), dir);
            try {
                redis.launch();
                return redis;
            } catch (IllegalStateException e) {
                redis.close();
                last = e;
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** {@code redis://127.0.0.1:<port>} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the server (SIGTERM, then SIGKILL if it lingers); {@link #restart()} brings it back on the same port. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        if (frozen) {
            signalQuietly(p, "-CONT"); // a frozen server would not act on SIGTERM until resumed
            frozen = false;
        }
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        removeReaper();
    }

    /**
     * Freezes the server (SIGSTOP): connections stay open but nothing answers, like a hung or partitioned Redis.
     * {@link #thaw()} resumes it.
     */
    public synchronized void freeze() {
        signal("-STOP");
        frozen = true;
    }

    public synchronized void thaw() {
        signal("-CONT");
        frozen = false;
    }

    private void signal(String signal) {
        if (process == null) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill " + signal, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling redis-server", e);
        }
    }

    /** Starts the server again on the same port (with an empty data set, as persistence is off). */
    public synchronized void restart() {
        stop();
        launch();
    }

    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless.
        }
    }

    private synchronized void launch() {
        List<String> command = List.of(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no");
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", command), e);
        }
        Process started = process;
        reaper = new Thread(started::destroyForcibly, "redis-server-" + port + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (!ping()) {
            if (!started.isAlive() || System.nanoTime() > deadline) {
                stop();
                throw new IllegalStateException("redis-server on port " + port + " did not answer PING within "
                        + READY_TIMEOUT_MS + " ms (exited: " + !started.isAlive() + "); its log:\n" + readLog());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while waiting for redis-server", e);
            }
        }
    }

    private static void signalQuietly(Process p, String signal) {
        try {
            new ProcessBuilder("kill", signal, Long.toString(p.pid())).start().waitFor(STOP_TIMEOUT_MS,
                    TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            // destroy() below still ends the process, forcibly if need be.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void removeReaper() {
        if (reaper != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook runs anyway.
            }
            reaper = null;
        }
    }

    private boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = 0;
            while (n < reply.length) {
                int r = in.read(reply, n, reply.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return new String(reply, 0, n, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private String readLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String findBinary() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + ":/usr/bin:/usr/sbin:/usr/local/bin").split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException("redis-server is not installed (searched PATH and /usr/bin): run "
                + "scripts/install-test-deps.sh (or ./meridian test), which installs the Debian package redis-server");
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }
}
