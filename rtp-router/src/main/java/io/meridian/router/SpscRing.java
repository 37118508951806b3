package io.meridian.router;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded hand-off from one thread to another (a media loop to another loop) of preallocated entries: the producer
 * fills the entry {@link #claim} gives and {@link #publish}es it; the consumer's executor then runs the drain task,
 * scheduled at most once per drain (a busy ring costs one task per batch, not one per entry), which takes every
 * published entry through {@link #drainTo}. Single producer, single consumer: no lock and no allocation per entry.
 * A full ring refuses, and the caller drops and counts.
 *
 * @param <E> a mutable entry; whoever drains it clears what it refers to
 */
public final class SpscRing<E> {
    private final Object[] entries;
    private final int mask;
    /** Next entry to read; written by the consumer only. */
    private final AtomicLong head = new AtomicLong();
    /** Next entry to write; written by the producer only. */
    private final AtomicLong tail = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor consumer;
    private final Runnable drainTask;
    /** The producer's cache of {@link #head}: a ring not near full needs no read of the consumer's line. */
    private long headSeen;

    /**
     * @param capacity a power of two
     * @param onReady  runs on {@code consumer} when entries are waiting; it calls {@link #drainTo}
     */
    public SpscRing(int capacity, Supplier<E> newEntry, Executor consumer, Consumer<SpscRing<E>> onReady) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        this.entries = new Object[capacity];
        for (int i = 0; i < capacity; i++) {
            entries[i] = newEntry.get();
        }
        this.mask = capacity - 1;
        this.consumer = consumer;
        this.drainTask = () -> onReady.accept(this);
    }

    /** Producer: the entry to fill next, or null when the ring is full. */
    @SuppressWarnings("unchecked")
    public E claim() {
        long t = tail.get();
        if (t - headSeen >= entries.length) {
            headSeen = head.getAcquire();
            if (t - headSeen >= entries.length) {
                return null;
            }
        }
        return (E) entries[(int) (t & mask)];
    }

    /** Producer: hands over the entry {@link #claim} gave, and has the consumer drain if it is not about to. */
    public void publish() {
        tail.setRelease(tail.get() + 1);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            consumer.execute(drainTask);
        }
    }

    /**
     * Consumer: gives {@code sink} every published entry, in order. The flag is cleared first, so an entry
     * published during the drain is either taken by it or schedules the next one.
     */
    @SuppressWarnings("unchecked")
    public void drainTo(Consumer<E> sink) {
        scheduled.set(false);
        long h = head.get();
        long t = tail.getAcquire();
        for (; h < t; h++) {
            sink.accept((E) entries[(int) (h & mask)]);
        }
        head.setRelease(h);
    }
}
