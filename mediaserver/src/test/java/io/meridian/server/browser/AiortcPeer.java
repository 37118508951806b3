package io.meridian.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.netlab.Namespace;
import io.meridian.server.peer.Poll;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A participant on aiortc, the Python WebRTC stack (Debian {@code python3-aiortc}), running the test resource
 * {@code aiortc/meridian_peer.py} in a lab namespace. It joins through the REST API and the events socket as any
 * client does and reports what it decodes as JSON lines, read here. Closing its standard input makes it leave;
 * {@link #close()} kills it if it has not.
 */
final class AiortcPeer implements AutoCloseable {
    /** Debian's interpreter: the one that imports the Debian packages (a PATH python3 may be another). */
    static final Path PYTHON = Path.of("/usr/bin/python3");
    /** An upper bound on the peer's life, so that it cannot outlive a test JVM that dies without killing it. */
    private static final int MAX_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the peer has counted of one remote track: frames decoded, and RTP packets received (its getStats). */
    record Received(String participantId, String kind, long frames, long packets) {
    }

    private final String name;
    private final Process process;
    private final Path stderr;
    private final List<JsonNode> lines = new ArrayList<>();
    private final Thread reader;

    private AiortcPeer(String name, Process process, Path stderr) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::readLines, "aiortc-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Fails (never skips) when aiortc or the websocket client cannot be imported here. */
    static void requireAiortc() throws IOException, InterruptedException {
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import aiortc, websockets")
                .redirectErrorStream(true).start();
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
            throw new AssertionError("The aiortc interop test needs Debian's python3-aiortc and python3-websockets "
                    + "for " + PYTHON + ". Run scripts/install-test-deps.sh as root. (" + output.trim() + ")");
        }
    }

    /** Starts a peer in {@code where} that joins {@code conference} on the node at {@code baseUrl}. */
    static AiortcPeer start(String name, Namespace where, String baseUrl, String conference, boolean publish)
            throws IOException {
        Path stderr = Files.createTempFile("meridian-aiortc-" + name + "-", ".log");
        List<String> command = where.exec(List.of(PYTHON.toString(), script().toString(), baseUrl, conference, name,
                publish ? "publish" : "watch", "--seconds", Integer.toString(MAX_SECONDS)));
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new AiortcPeer(name, process, stderr);
    }

    private static Path script() {
        URL resource = AiortcPeer.class.getResource("/aiortc/meridian_peer.py");
        if (resource == null) {
            throw new IllegalStateException("aiortc/meridian_peer.py is not on the test class path");
        }
        try {
            return Path.of(resource.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    String name() {
        return name;
    }

    /** Waits until the peer has joined; returns its participant id. */
    String awaitJoined(Duration deadline, Duration interval, Supplier<String> diagnostics) {
        Poll.until(name + " has joined", deadline, interval,
                () -> event("joined").isPresent() ? null : "no 'joined' line yet", diagnostics);
        return event("joined").orElseThrow().get("participantId").asText();
    }

    /**
     * Waits until, between a first report and a later one, the peer decoded more video frames and received more
     * audio packets from {@code publisher}.
     */
    void awaitMediaFrom(String publisher, Duration deadline, Duration interval, Supplier<String> diagnostics) {
        Map<String, Received> first = new HashMap<>();
        Poll.until(name + " decodes video and receives audio from " + publisher, deadline, interval, () -> {
            List<String> missing = new ArrayList<>();
            for (String kind : List.of("video", "audio")) {
                Received latest = latest(publisher, kind);
                if (latest == null) {
                    missing.add(kind + ": no report yet");
                    continue;
                }
                Received before = first.putIfAbsent(kind, latest);
                if (before == null) {
                    missing.add(kind + ": first report " + latest);
                } else if (kind.equals("video") && latest.frames() <= before.frames()) {
                    missing.add("video frames decoded not rising " + before.frames() + " -> " + latest.frames());
                } else if (kind.equals("audio") && latest.packets() <= before.packets()) {
                    missing.add("audio packets not rising " + before.packets() + " -> " + latest.packets());
                }
            }
            return missing.isEmpty() ? null : String.join("; ", missing);
        }, diagnostics);
    }

    /** The latest report of {@code publisher}'s track of that kind, or null. */
    Received latest(String publisher, String kind) {
        synchronized (lines) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                JsonNode line = lines.get(i);
                if (line.path("event").asText().equals("received")
                        && line.path("participantId").asText().equals(publisher)
                        && line.path("kind").asText().equals(kind)) {
                    return new Received(publisher, kind, line.path("frames").asLong(), line.path("packets").asLong());
                }
            }
        }
        return null;
    }

    /** Closes the peer's standard input, which makes it leave; returns the status its DELETE got. */
    int leave(Duration deadline, Duration interval, Supplier<String> diagnostics) throws IOException {
        process.getOutputStream().close();
        Poll.until(name + " has left", deadline, interval,
                () -> event("left").isPresent() ? null : "no 'left' line yet", diagnostics);
        return event("left").orElseThrow().get("status").asInt();
    }

    /** The peer's last lines and the end of its stderr, for a failure message. */
    String diagnostics() {
        StringBuilder out = new StringBuilder("---- aiortc ").append(name)
                .append(process.isAlive() ? " (running)" : " (exited " + process.exitValue() + ")").append(" ----\n");
        synchronized (lines) {
            // Every step, and the last few reports (one a second per track).
            List<JsonNode> reports = lines.stream().filter(l -> l.path("event").asText().equals("received")).toList();
            List<JsonNode> lastReports = reports.subList(Math.max(0, reports.size() - 6), reports.size());
            lines.stream().filter(l -> !l.path("event").asText().equals("received")
                            || lastReports.stream().anyMatch(r -> r == l))
                    .forEach(line -> out.append("  ").append(line).append('\n'));
        }
        out.append("stderr:\n");
        try {
            List<String> err = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            err.subList(Math.max(0, err.size() - 40), err.size()).forEach(l -> out.append("  ").append(l).append('\n'));
        } catch (IOException e) {
            out.append("  (unreadable: ").append(e.getMessage()).append(")\n");
        }
        return out.toString();
    }

    /** Asks the peer to leave (end of its standard input), then kills whatever of it is still running. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException ignored) {
            // Already closed: it is leaving or gone.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // A leftover temp file is harmless.
        }
    }

    private Optional<JsonNode> event(String event) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.path("event").asText().equals(event)).findFirst();
        }
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                JsonNode line;
                try {
                    line = JSON.readTree(text);
                } catch (IOException notJson) {
                    line = JSON.createObjectNode().put("event", "output").put("text", text);
                }
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException ignored) {
            // The process is gone; what it printed so far is kept.
        }
    }
}
