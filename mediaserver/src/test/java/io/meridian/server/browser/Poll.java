package io.meridian.server.browser;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Waits for a condition about a live call by re-checking it until a deadline. The deadline only bounds how long a
 * broken build takes to fail; it is not a timing claim about the server.
 */
final class Poll {
    private static final Duration INTERVAL = Duration.ofMillis(300);

    private Poll() {
    }

    /**
     * @param check returns {@code null} once satisfied, otherwise a sentence saying what is still missing
     * @param diagnostics evaluated only on failure and appended to the message
     */
    static void until(String what, Duration timeout, Callable<String> check, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String missing = "not checked yet";
        while (true) {
            try {
                missing = check.call();
            } catch (Exception e) {
                missing = "check threw " + e;
            }
            if (missing == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting until " + what
                        + ": " + missing + "\n" + diagnostics.get());
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting until " + what, e);
            }
        }
    }
}
