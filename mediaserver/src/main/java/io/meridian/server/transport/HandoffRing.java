package io.meridian.server.transport;

import io.meridian.router.SpscRing;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Datagrams (media, and ICE checks from an address already checked) that one loop read for a participant whose
 * conference lives on another loop, one ring per ordered pair of loops ({@link SpscRing}: no lock, nothing allocated
 * per datagram, one task per batch on the consumer). A full ring drops (and counts) rather than wait.
 */
final class HandoffRing {
    /** Holds about 80 ms of a 1,000-packet/s fan-in per pair; beyond that the consumer is overloaded anyway. */
    static final int CAPACITY = 4096;

    /** One handed-over datagram. */
    private static final class Entry {
        MediaEndpoint endpoint;
        InetSocketAddress from;
        ByteBuf packet;
    }

    private final SpscRing<Entry> ring;
    private Sink sink;
    /** Gives each entry to the current drain's sink and clears it; one object for the ring's life. */
    private final Consumer<Entry> take = e -> {
        MediaEndpoint endpoint = e.endpoint;
        InetSocketAddress from = e.from;
        ByteBuf packet = e.packet;
        e.endpoint = null;
        e.from = null;
        e.packet = null;
        sink.accept(endpoint, from, packet);
    };

    /** @param deliver runs on {@code consumer} for the whole drain, given each datagram in order */
    HandoffRing(EventLoop consumer, Delivery deliver) {
        this.ring = new SpscRing<>(CAPACITY, Entry::new, consumer, r -> deliver.drain(this));
    }

    /** Receives one drain's worth of datagrams on the consumer loop. */
    interface Delivery {
        void drain(HandoffRing ring);
    }

    /** What a drain does with each datagram (takes ownership). */
    interface Sink {
        void accept(MediaEndpoint endpoint, InetSocketAddress from, ByteBuf packet);
    }

    /** Producer loop: queues {@code packet} (ownership passes on success); false when the ring is full. */
    boolean offer(MediaEndpoint endpoint, InetSocketAddress from, ByteBuf packet) {
        Entry e = ring.claim();
        if (e == null) {
            return false;
        }
        e.endpoint = endpoint;
        e.from = from;
        e.packet = packet;
        ring.publish();
        return true;
    }

    /** Consumer loop: hands every queued datagram to {@code sink}, in order. */
    void drainTo(Sink sink) {
        this.sink = sink;
        ring.drainTo(take);
    }
}
