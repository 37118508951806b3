package io.meridian.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;

/**
 * One participant's ICE-TCP connection (RFC 6544), as its way out: each packet written as one RFC 4571 frame (the
 * channel's pipeline adds the 2-byte length). A reader that stops reading must not hold the media loop: once the
 * connection's write queue is above its high-water mark, packets are dropped and counted, as a full UDP socket
 * buffer would drop them. Written on its own loop during a read batch, packets are flushed with the batch (one
 * system call for all of a receiver's packets of the batch). Any thread.
 */
public final class TcpLink {
    private final Channel channel;
    private final TransportCounters counters;
    /** The media loop whose event loop the connection runs on (its participant's once it has moved there). */
    private volatile MediaLoop loop;
    /** In that loop's list of connections to flush at the end of its read batch; loop-only. */
    boolean awaitingFlush;

    TcpLink(Channel channel, TransportCounters counters, MediaLoop loop) {
        this.channel = channel;
        this.counters = counters;
        this.loop = loop;
    }

    /** The client's address and port as the node sees the connection. */
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    /** Sends one packet, taking ownership of {@code buf}. */
    public void send(ByteBuf buf) {
        if (!channel.isActive()) {
            buf.release();
        } else if (!channel.isWritable()) {
            counters.tcpWriteQueueFull.incrementAndGet();
            buf.release();
        } else if (batchedHere()) {
            channel.write(buf, channel.voidPromise());
        } else {
            channel.writeAndFlush(buf, channel.voidPromise());
        }
    }

    /** Whether this thread is the connection's loop, in a read batch that will flush the write. */
    private boolean batchedHere() {
        MediaLoop current = loop;
        return current != null && current.eventLoop().inEventLoop() && channel.eventLoop() == current.eventLoop()
                && current.handler().flushWithBatch(this);
    }

    /** The connection's new loop: it now runs there (see {@link TcpMediaHandler}). */
    void movedTo(MediaLoop home) {
        loop = home;
    }

    /** Loop: the end of a read batch that wrote to this connection. */
    void flush() {
        awaitingFlush = false;
        channel.flush();
    }

    /** Sends a copy of {@code data[off, off+len)} (a DTLS flight from a handshake thread). */
    public void send(byte[] data, int off, int len) {
        send(Unpooled.copiedBuffer(data, off, len));
    }

    /** Closes the connection (the participant left). */
    public void close() {
        channel.close();
    }
}
