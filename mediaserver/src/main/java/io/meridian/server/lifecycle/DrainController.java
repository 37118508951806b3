package io.meridian.server.lifecycle;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Graceful stop of a node. The first stop request ({@link #onSignal()}) starts draining at once: the node's
 * readiness turns false and it takes no new conferences, while calls in progress go on. {@link #awaitDrained()}
 * then returns as soon as the last conference has ended, or when the grace period since that first request has
 * passed, whichever comes first. Any later request asks for an immediate exit.
 *
 * <p>Thread-safe; {@link #onSignal()} does no waiting, so it may run on the JVM's signal thread. Time and waiting are
 * injected so the logic is testable without real time.
 */
public final class DrainController {
    /** What the caller of {@link #onSignal()} must do. */
    public enum SignalAction {
        /** First request: draining has started; {@link #awaitDrained()} will return. */
        DRAIN_STARTED,
        /** A repeated request: exit now. */
        EXIT_NOW
    }

    /** Why {@link #awaitDrained()} returned. */
    public enum Outcome {
        LAST_CALL_ENDED,
        GRACE_PERIOD_PASSED
    }

    /** Waits for about the given time (or less); interruptible. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** How often a draining node re-counts its conferences. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

    private final Runnable startDrain;
    private final IntSupplier activeConferences;
    private final Duration gracePeriod;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final Duration pollInterval;
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch requested = new CountDownLatch(1);
    private volatile long drainStartNanos;

    /** Real time: {@link System#nanoTime()} and {@link Thread#sleep(long)}. */
    public DrainController(Runnable startDrain, IntSupplier activeConferences, Duration gracePeriod) {
        this(startDrain, activeConferences, gracePeriod, System::nanoTime,
                d -> Thread.sleep(Math.max(1, d.toMillis())), DEFAULT_POLL_INTERVAL);
    }

    public DrainController(Runnable startDrain, IntSupplier activeConferences, Duration gracePeriod,
                           LongSupplier nanoTime, Sleeper sleeper, Duration pollInterval) {
        this.startDrain = Objects.requireNonNull(startDrain);
        this.activeConferences = Objects.requireNonNull(activeConferences);
        if (gracePeriod.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("grace period must be >= 0 and poll interval > 0");
        }
        this.gracePeriod = gracePeriod;
        this.nanoTime = Objects.requireNonNull(nanoTime);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.pollInterval = pollInterval;
    }

    /** A stop request (SIGTERM, SIGINT). The first one starts draining; later ones answer {@link SignalAction#EXIT_NOW}. */
    public SignalAction onSignal() {
        if (requests.getAndIncrement() > 0) {
            return SignalAction.EXIT_NOW;
        }
        drainStartNanos = nanoTime.getAsLong();
        startDrain.run();
        requested.countDown();
        return SignalAction.DRAIN_STARTED;
    }

    /** Whether a stop has been requested. */
    public boolean draining() {
        return requests.get() > 0;
    }

    public Duration gracePeriod() {
        return gracePeriod;
    }

    /**
     * Blocks until a stop has been requested and then until no conference is left or the grace period (counted from
     * the first request) has passed. Never returns before a request; waits at most the grace period after it.
     */
    public Outcome awaitDrained() throws InterruptedException {
        requested.await();
        long graceNanos = gracePeriod.toNanos();
        while (true) {
            if (activeConferences.getAsInt() == 0) {
                return Outcome.LAST_CALL_ENDED;
            }
            long elapsed = nanoTime.getAsLong() - drainStartNanos;
            if (elapsed >= graceNanos) {
                return Outcome.GRACE_PERIOD_PASSED;
            }
            sleeper.sleep(Duration.ofNanos(Math.min(pollInterval.toNanos(), graceNanos - elapsed)));
        }
    }
}
