package io.meridian.loadgen;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that sends for every publishing participant (never one thread per participant), every
 * {@link #TICK_MILLIS} ms: fine enough for each publisher's own frame phase and video pacing (see
 * {@link OutgoingMedia}). Participants are added as soon as their DTLS handshake completes.
 */
final class MediaPacer implements AutoCloseable {
    static final long TICK_MILLIS = 1;
    private final MediaProfile media;
    private final List<BenchParticipant> publishers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-pacer");
        t.setDaemon(true);
        return t;
    });

    MediaPacer(MediaProfile media) {
        this.media = media;
        thread.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    void add(BenchParticipant participant) {
        if (participant.publishes()) {
            publishers.add(participant);
        }
    }

    void remove(BenchParticipant participant) {
        publishers.remove(participant);
    }

    boolean hasPublishers() {
        return !publishers.isEmpty();
    }

    private void tick() {
        long now = System.nanoTime();
        for (BenchParticipant p : publishers) {
            p.tick(media, now);
        }
    }

    /** Stops sending and waits for the tick in progress, so the last sequence numbers are final. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
