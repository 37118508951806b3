package io.meridian.loadgen;

import java.util.concurrent.TimeUnit;

/** Stops a server child process: SIGTERM so it can tear its sessions down, SIGKILL after 10 s; bounded. */
final class ProcessStop {
    private ProcessStop() {
    }

    static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
