package io.meridian.netlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The lab's short commands ({@code ip}, {@code tc}, {@code nft}), each bounded in time: a command that has not
 * finished by then is killed and reported, never waited on for ever.
 */
final class Commands {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Commands() {
    }

    /** Runs {@code command}; its output (stdout and stderr) when it exits 0, else an IOException quoting it. */
    static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        // Read on another thread: a command that hangs with its output open must not block past the timeout.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try {
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(p.toHandle());
                throw new IOException(String.join(" ", command) + " did not finish within " + TIMEOUT.toSeconds()
                        + " s");
            }
            String out = output.get(5, TimeUnit.SECONDS);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                        + out.trim());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(p.toHandle());
            throw new IOException("interrupted: " + String.join(" ", command), e);
        } catch (ExecutionException | TimeoutException e) {
            killTree(p.toHandle());
            throw new IOException("could not read the output of " + String.join(" ", command), e);
        }
    }

    static String run(String... command) throws IOException {
        return run(List.of(command));
    }

    /** Runs {@code command} for its effect on a clean-up path: a failure (already gone) is ignored. */
    static void quietly(String... command) {
        try {
            run(command);
        } catch (IOException e) {
            // Already gone, or never made.
        }
    }

    /** Kills a process and everything it started (browsers, their helpers), children first, and waits briefly. */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        root.descendants().forEach(all::add);
        all.add(root);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // Reported by whoever needs it gone; a zombie cannot be waited on here.
            }
        }
    }

    /** Whether {@code program} is an executable on PATH or in the sbin directories root's PATH has. */
    static boolean onPath(String program) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    /** The last {@code lines} lines of a log file, for a failure message; never throws. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
