package io.meridian.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Datagrams (media, and ICE checks from an address already checked) that one loop read for a participant whose conference lives on another loop: a bounded
 * single-producer, single-consumer ring (one per ordered pair of loops), so the hand-off takes no lock and allocates
 * nothing per datagram. The consumer loop drains it in one task, scheduled at most once per drain, so a busy ring
 * costs one task per batch rather than one per packet. A full ring drops (and counts) rather than wait.
 */
final class HandoffRing {
    /** Holds about 80 ms of a 1,000-packet/s fan-in per pair; beyond that the consumer is overloaded anyway. */
    static final int CAPACITY = 4096;
    private static final int MASK = CAPACITY - 1;

    private final ByteBuf[] packets = new ByteBuf[CAPACITY];
    private final MediaEndpoint[] endpoints = new MediaEndpoint[CAPACITY];
    private final InetSocketAddress[] senders = new InetSocketAddress[CAPACITY];
    /** Next slot to read; written by the consumer only. */
    private final AtomicLong head = new AtomicLong();
    /** Next slot to write; written by the producer only. */
    private final AtomicLong tail = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final EventLoop consumer;
    private final Runnable drain;
    /** Producer-side cache of {@link #head}, so a ring that is not near full needs no read of the consumer's line. */
    private long headSeen;

    /** @param deliver runs on {@code consumer} for the whole drain, given each datagram in order */
    HandoffRing(EventLoop consumer, Delivery deliver) {
        this.consumer = consumer;
        this.drain = () -> deliver.drain(this);
    }

    /** Receives one drain's worth of datagrams on the consumer loop. */
    interface Delivery {
        void drain(HandoffRing ring);
    }

    /** Producer loop: queues {@code packet} (ownership passes on success); false when the ring is full. */
    boolean offer(MediaEndpoint endpoint, InetSocketAddress from, ByteBuf packet) {
        long t = tail.get();
        if (t - headSeen >= CAPACITY) {
            headSeen = head.getAcquire();
            if (t - headSeen >= CAPACITY) {
                return false;
            }
        }
        int i = (int) (t & MASK);
        packets[i] = packet;
        endpoints[i] = endpoint;
        senders[i] = from;
        tail.setRelease(t + 1);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            consumer.execute(drain);
        }
        return true;
    }

    /**
     * Consumer loop: hands every queued datagram to {@code sink}, in order. The flag is cleared first, so a datagram
     * offered during the drain either is taken by it or schedules the next one.
     */
    void drainTo(Sink sink) {
        scheduled.set(false);
        long h = head.get();
        long t = tail.getAcquire();
        for (; h < t; h++) {
            int i = (int) (h & MASK);
            ByteBuf packet = packets[i];
            MediaEndpoint endpoint = endpoints[i];
            InetSocketAddress from = senders[i];
            packets[i] = null;
            endpoints[i] = null;
            senders[i] = null;
            sink.accept(endpoint, from, packet);
        }
        head.setRelease(h);
    }

    /** What a drain does with each datagram (takes ownership). */
    interface Sink {
        void accept(MediaEndpoint endpoint, InetSocketAddress from, ByteBuf packet);
    }
}
