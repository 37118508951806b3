package io.meridian.server.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Shared handling of node processes that tests start in their own JVM: their output files and their end. */
public final class ChildProcesses {
    private ChildProcesses() {
    }

    /** The whole of a process's redirected output so far, or a note saying why it cannot be read. */
    public static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Kills the process if it still runs and waits (bounded) until it is gone. */
    public static void stop(Process process) {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
