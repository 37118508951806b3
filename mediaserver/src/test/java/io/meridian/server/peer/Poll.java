package io.meridian.server.peer;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Waits for a condition about a live node by re-checking it until a deadline. The deadline only bounds how long a
 * broken build takes to fail; it is not a timing claim about the server.
 */
public final class Poll {
    /** Generous: a loaded CI machine runs DTLS handshakes and JIT warm-up slowly. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    private static final long INTERVAL_MILLIS = 20;

    private Poll() {
    }

    /**
     * @param check returns {@code null} once satisfied, otherwise a sentence saying what is still missing
     */
    public static void until(String what, Callable<String> check) {
        until(what, DEFAULT_TIMEOUT, check);
    }

    public static void until(String what, Duration timeout, Callable<String> check) {
        until(what, timeout, Duration.ofMillis(INTERVAL_MILLIS), check, () -> "");
    }

    /**
     * @param interval    the pause between checks (longer for expensive checks such as browser scripts)
     * @param diagnostics evaluated only on failure and appended to the message
     */
    public static void until(String what, Duration timeout, Duration interval, Callable<String> check,
                             Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String missing;
        while (true) {
            try {
                missing = check.call();
            } catch (Exception e) {
                missing = "check threw " + e;
            }
            if (missing == null) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                String extra = diagnostics.get();
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting until " + what
                        + ": " + missing + (extra.isEmpty() ? "" : "\n" + extra));
            }
            pause(interval.toMillis());
        }
    }

    /** The pause between two checks of a condition (never a wait that a test's outcome depends on). */
    static void pause() {
        pause(INTERVAL_MILLIS);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling", e);
        }
    }
}
