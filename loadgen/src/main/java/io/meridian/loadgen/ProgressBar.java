package io.meridian.loadgen;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on stderr, redrawn in place; silent when disabled. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean enabled;

    ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    void status(String text) {
        if (enabled) {
            out.printf(Locale.ROOT, "\r%-72s", text);
            out.flush();
        }
    }

    void update(String phase, double done, double total, String detail) {
        if (!enabled) {
            return;
        }
        int filled = (int) Math.round(WIDTH * Math.min(1, done / total));
        out.printf(Locale.ROOT, "\r%s [%s%s] %.0f/%.0f s %s   ", phase, "#".repeat(filled), " ".repeat(WIDTH - filled),
                done, total, detail);
        out.flush();
    }

    void finish() {
        if (enabled) {
            out.println();
            out.flush();
        }
    }
}
