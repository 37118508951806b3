package io.meridian.server.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The drain decision with a fake clock: "sleeping" advances the clock, so nothing here depends on real time. */
@Timeout(30)
class DrainControllerTest {
    private static final Duration POLL = Duration.ofMillis(100);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger drains = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final List<Duration> sleeps = new ArrayList<>();

    private DrainController controller(Duration grace, Runnable onEachSleep) {
        return new DrainController(drains::incrementAndGet, active::get, grace, nanos::get, d -> {
            sleeps.add(d);
            nanos.addAndGet(d.toNanos());
            onEachSleep.run();
        }, POLL);
    }

    @Test
    void firstSignalStartsDrainingOnceAndLaterSignalsAskForAnImmediateExit() {
        DrainController drain = controller(Duration.ofSeconds(10), () -> { });
        assertFalse(drain.draining());
        assertEquals(0, drains.get());

        assertEquals(DrainController.SignalAction.DRAIN_STARTED, drain.onSignal());
        assertTrue(drain.draining());
        assertEquals(1, drains.get(), "the node is told to drain at once, on the signal");

        assertEquals(DrainController.SignalAction.EXIT_NOW, drain.onSignal());
        assertEquals(DrainController.SignalAction.EXIT_NOW, drain.onSignal());
        assertEquals(1, drains.get(), "drain is started only once");
    }

    @Test
    void withNoConferenceTheDrainEndsAtOnce() throws Exception {
        DrainController drain = controller(Duration.ofSeconds(3600), () -> { });
        drain.onSignal();
        assertEquals(DrainController.Outcome.LAST_CALL_ENDED, drain.awaitDrained());
        assertEquals(List.of(), sleeps, "no waiting when nothing is in progress");
    }

    @Test
    void theDrainEndsWhenTheLastConferenceEnds() throws Exception {
        active.set(2);
        AtomicInteger polls = new AtomicInteger();
        DrainController drain = controller(Duration.ofSeconds(3600), () -> {
            // Calls end one after the other while the node waits.
            int n = polls.incrementAndGet();
            if (n == 3 || n == 7) {
                active.decrementAndGet();
            }
        });
        drain.onSignal();
        assertEquals(DrainController.Outcome.LAST_CALL_ENDED, drain.awaitDrained());
        assertEquals(7, polls.get(), "returns at the first poll that sees no conference");
        assertTrue(sleeps.stream().allMatch(POLL::equals), "waits in poll-interval steps: " + sleeps);
    }

    @Test
    void theGracePeriodEndsTheDrainWithCallsInProgress() throws Exception {
        active.set(1);
        DrainController drain = controller(Duration.ofMillis(1050), () -> { });
        long start = nanos.get();
        drain.onSignal();
        assertEquals(DrainController.Outcome.GRACE_PERIOD_PASSED, drain.awaitDrained());
        assertEquals(Duration.ofMillis(1050).toNanos(), nanos.get() - start,
                "waits exactly the grace period: the last wait is shortened to what is left");
        assertEquals(Duration.ofMillis(50), sleeps.get(sleeps.size() - 1));
    }

    @Test
    void theGracePeriodCountsFromTheFirstSignal() throws Exception {
        active.set(1);
        DrainController drain = controller(Duration.ofSeconds(1), () -> { });
        drain.onSignal();
        nanos.addAndGet(Duration.ofSeconds(5).toNanos()); // e.g. the waiting thread was late
        assertEquals(DrainController.Outcome.GRACE_PERIOD_PASSED, drain.awaitDrained());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void aZeroGracePeriodStopsWithoutWaiting() throws Exception {
        active.set(3);
        DrainController drain = controller(Duration.ZERO, () -> { });
        drain.onSignal();
        assertEquals(DrainController.Outcome.GRACE_PERIOD_PASSED, drain.awaitDrained());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void awaitingReturnsOnlyAfterASignal() throws Exception {
        DrainController drain = controller(Duration.ofSeconds(10), () -> { });
        CompletableFuture<DrainController.Outcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return drain.awaitDrained();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Nothing can complete it but the signal: no conference is active, yet no signal has come.
        assertFalse(outcome.isDone());
        drain.onSignal();
        assertEquals(DrainController.Outcome.LAST_CALL_ENDED, outcome.get(20, TimeUnit.SECONDS));
    }

    @Test
    void rejectsNegativeDurations() {
        assertThrows(IllegalArgumentException.class, () -> controller(Duration.ofSeconds(-1), () -> { }));
        assertThrows(IllegalArgumentException.class, () -> new DrainController(() -> { }, () -> 0,
                Duration.ZERO, System::nanoTime, d -> { }, Duration.ZERO));
    }
}
