package io.meridian.loadgen;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps ICE consent (RFC 7675) for every participant, as browsers do: one Binding request each per interval. One
 * thread for all participants; each round is spread over the interval so checks do not arrive in one burst.
 */
final class ConsentRefresher implements AutoCloseable {
    /** RFC 7675 §5.1 sends every 5 s on average (randomised 4-6 s); a fixed 5 s round is enough against 30 s. */
    private static final long INTERVAL_MILLIS = 5000;
    private static final long STEP_MILLIS = 100;

    private final List<BenchParticipant> participants = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-consent");
        t.setDaemon(true);
        return t;
    });
    private long step;

    ConsentRefresher() {
        thread.scheduleAtFixedRate(this::step, STEP_MILLIS, STEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    void add(BenchParticipant participant) {
        participants.add(participant);
    }

    void remove(BenchParticipant participant) {
        participants.remove(participant);
    }

    /** Each step checks the participants whose index falls in this slice of the interval. */
    private void step() {
        long steps = INTERVAL_MILLIS / STEP_MILLIS;
        long slice = step++ % steps;
        for (int i = 0; i < participants.size(); i++) {
            if (i % steps == slice) {
                participants.get(i).refreshConsent();
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
