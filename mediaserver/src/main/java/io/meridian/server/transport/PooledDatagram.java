package io.meridian.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * A {@link DatagramPacket} the media loop reuses. Netty's epoll channel batches only {@code DatagramPacket}s into one
 * sendmmsg, and they are immutable, so a new one per forwarded packet was the largest allocation left on the media
 * path (24 B of ~70 per forwarded packet). This one carries a buffer and a recipient per send and returns to its pool
 * when Netty releases it, after the write or when the write fails.
 *
 * <p>Loop-confined: taken, written and released on the media event loop (the channel's outbound buffer is too).
 */
final class PooledDatagram extends DatagramPacket {
    /** Spares kept for reuse; more than this in flight at once (a full socket buffer) are left to the GC. */
    static final int MAX_SPARES = 4096;
    /** Satisfies the superclass's non-null checks; every accessor below reads this object's own fields instead. */
    private static final InetSocketAddress UNUSED = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);

    private final ArrayDeque<PooledDatagram> spares;
    private ByteBuf buf;
    private InetSocketAddress to;

    private PooledDatagram(ArrayDeque<PooledDatagram> spares) {
        super(Unpooled.EMPTY_BUFFER, UNUSED);
        this.spares = spares;
    }

    /** A datagram of {@code buf} (whose reference it takes) to {@code to}, from {@code spares} if there is one. */
    static PooledDatagram take(ArrayDeque<PooledDatagram> spares, ByteBuf buf, InetSocketAddress to) {
        PooledDatagram d = spares.poll();
        if (d == null) {
            d = new PooledDatagram(spares);
        }
        d.buf = buf;
        d.to = to;
        return d;
    }

    @Override
    public ByteBuf content() {
        return buf;
    }

    @Override
    public InetSocketAddress recipient() {
        return to;
    }

    @Override
    public int refCnt() {
        return buf.refCnt();
    }

    @Override
    public DatagramPacket retain() {
        buf.retain();
        return this;
    }

    @Override
    public DatagramPacket retain(int increment) {
        buf.retain(increment);
        return this;
    }

    @Override
    public DatagramPacket touch() {
        buf.touch();
        return this;
    }

    @Override
    public DatagramPacket touch(Object hint) {
        buf.touch(hint);
        return this;
    }

    @Override
    public boolean release() {
        return release(1);
    }

    /** Releases the buffer; once it is freed, this datagram is empty again and back among the spares. */
    @Override
    public boolean release(int decrement) {
        boolean freed = buf.release(decrement);
        if (freed) {
            buf = null;
            to = null;
            if (spares.size() < MAX_SPARES) {
                spares.push(this);
            }
        }
        return freed;
    }

    @Override
    public String toString() {
        return "PooledDatagram(=> " + to + ", " + buf + ")";
    }
}
