package io.meridian.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One media event loop: its thread, its socket on the node's media port, its handler, and the rings through which
 * the other loops pass it media for its participants. A conference lives on one loop, so its state is touched by this
 * thread only.
 */
public final class MediaLoop {
    private final int index;
    private final EventLoop eventLoop;
    private final MediaPacketHandler handler;
    /** Hand-off rings from each other loop, by that loop's index; null at this loop's own index. */
    private final HandoffRing[] inbound;
    private final AtomicInteger participants = new AtomicInteger();
    private Channel channel;

    MediaLoop(int index, int loops, EventLoop eventLoop, MediaPacketHandler handler) {
        this.index = index;
        this.eventLoop = eventLoop;
        this.handler = handler;
        this.inbound = new HandoffRing[loops];
        for (int i = 0; i < loops; i++) {
            if (i != index) {
                inbound[i] = new HandoffRing(eventLoop, handler::drain);
            }
        }
        handler.serve(this);
    }

    void attach(Channel channel) {
        this.channel = channel;
        handler.attach(channel);
    }

    public int index() {
        return index;
    }

    public EventLoop eventLoop() {
        return eventLoop;
    }

    /** Loop: sends a datagram from the node's media port, taking ownership of {@code buf} (see the handler). */
    public void send(ByteBuf buf, InetSocketAddress to) {
        handler.send(buf, to);
    }

    /** Any thread (DTLS handshakes): copies and sends at once. */
    public void sendFromAnyThread(byte[] data, int off, int len, InetSocketAddress to) {
        handler.sendFromAnyThread(data, off, len, to);
    }

    /** Loop {@code from}: queues a datagram it read for one of this loop's participants; false when full. */
    boolean takeOver(MediaLoop loop, MediaEndpoint endpoint, InetSocketAddress from, ByteBuf packet) {
        return inbound[loop.index].offer(endpoint, from, packet);
    }

    /** Any thread: a participant was placed on, or left, this loop (its load, for placing new conferences). */
    public void participantJoined() {
        participants.incrementAndGet();
    }

    public void participantLeft() {
        participants.decrementAndGet();
    }

    public int participants() {
        return participants.get();
    }

    public LoopCounters counters() {
        return handler.loopCounters();
    }

    MediaPacketHandler handler() {
        return handler;
    }

    Channel channel() {
        return channel;
    }

    /** After the loop stopped: releases what other loops had queued for it. */
    void releaseQueued() {
        for (HandoffRing ring : inbound) {
            if (ring != null) {
                ring.drainTo((endpoint, from, packet) -> packet.release());
            }
        }
    }
}
