package io.meridian.router;

/** Work a conference runs on its own loop on every tick (about every 100 ms): reports, retries, estimators. */
@FunctionalInterface
public interface Periodic {
    void tick(long nanos);
}
