package io.meridian.server.transport;

import io.meridian.server.ice.IceLiteResponder;
import io.meridian.server.ice.MuxClassifier;
import io.meridian.server.ice.StunOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One ICE-TCP connection (RFC 6544 §4.5: the node's candidates are passive; the client connects): each RFC 4571 frame
 * (the pipeline strips the 2-byte length) is demultiplexed as a UDP datagram is (RFC 7983 §7). The connection belongs
 * to the participant whose ICE check it passes first, as an address does on UDP; DTLS and SRTP before that close it.
 * So does a frame longer than any datagram the node accepts, a connection that passes no check in
 * {@link #CHECK_DEADLINE_SECONDS}, and a reader that stopped reading: its write queue full (packets to it are
 * dropped meanwhile, see {@link TcpLink}) and not one byte of the queue taken for {@link #STALL_SECONDS}. A slow
 * reader that takes some is left alone. At its first check the connection moves onto its participant's media loop,
 * so its packets are read and written where the participant's media is forwarded. On the channel's loop.
 */
final class TcpMediaHandler extends ChannelInboundHandlerAdapter {
    /** How long a connection may stay open without passing an ICE check. */
    static final long CHECK_DEADLINE_SECONDS = 10;
    /** How long a full write queue may stay without shrinking before the reader counts as stalled. */
    static final int STALL_SECONDS = 5;
    private static final int TAIL_ROOM = 32;

    private final IceLiteResponder ice;
    private final ByteBufAllocator heap;
    private final TransportCounters counters;
    /** The loop the connection runs on (its participant's, once its first check moved it there). */
    private MediaLoop self;
    private TcpLink link;
    private MediaEndpoint endpoint;
    private ScheduledFuture<?> deadline;
    /** Runs every second while the write queue is full; null otherwise. */
    private ScheduledFuture<?> stallWatch;
    private long lastBacklog;
    private int stillSeconds;

    TcpMediaHandler(IceLiteResponder ice, ByteBufAllocator heap, TransportCounters counters, MediaLoop self) {
        this.ice = ice;
        this.heap = heap;
        this.counters = counters;
        this.self = self;
    }

    /** Added when the connection is made, or later by {@link PortUnification}: either way it starts here. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        link = new TcpLink(ctx.channel(), counters, self);
        deadline = ctx.executor().schedule(() -> {
            if (endpoint == null) {
                counters.tcpClosedUnchecked.incrementAndGet();
                ctx.close();
            }
        }, CHECK_DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** Whether this connection opened its loop's batch for the frames of the current read. */
    private boolean ownBatch;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (!ctx.channel().isActive()) {
            // Closed by an earlier frame of the same read: the decoder goes on cutting frames out of what it holds,
            // but a connection is judged, and counted, once, and nothing it sent after that reaches a participant
            // (nor counts as a packet read: the node dropped it with the connection, unread).
            frame.release();
            return;
        }
        if (!ownBatch && self != null) {
            ownBatch = self.handler().beginStreamBatch();
        }
        LoopCounters loopCounters = self.handler().loopCounters();
        LoopCounters.increment(loopCounters.tcpFramesRead);
        try {
            dispatch(ctx, frame, loopCounters);
        } finally {
            frame.release();
        }
    }

    private void dispatch(ChannelHandlerContext ctx, ByteBuf frame, LoopCounters loopCounters) {
        int len = frame.readableBytes();
        if (len == 0) {
            counters.unknownKind.incrementAndGet();
            closeIfUnchecked(ctx);
            return;
        }
        switch (MuxClassifier.classify(frame.getByte(frame.readerIndex()))) {
            case STUN -> onStun(ctx, frame, len);
            case DTLS -> {
                if (unverified(ctx)) {
                    return;
                }
                byte[] data = new byte[len];
                frame.getBytes(frame.readerIndex(), data);
                LoopCounters.increment(loopCounters.dtlsDelivered);
                endpoint.onDtls(data, 0, len);
            }
            case RTP_RTCP -> {
                if (unverified(ctx)) {
                    return;
                }
                ByteBuf copy = heap.heapBuffer(len + TAIL_ROOM);
                copy.writeBytes(frame, frame.readerIndex(), len);
                MediaLoop home = endpoint.home();
                if (home == null || home == self) {
                    endpoint.onMedia(copy);
                } else if (home.takeOver(self, endpoint, link.remoteAddress(), copy)) {
                    LoopCounters.increment(loopCounters.handedOff);
                } else {
                    copy.release();
                    LoopCounters.increment(loopCounters.handoffDropped);
                    return;
                }
                LoopCounters.increment(loopCounters.mediaDelivered);
            }
            default -> {
                counters.unknownKind.incrementAndGet();
                closeIfUnchecked(ctx); // garbage from a connection nobody's check vouches for closes it
            }
        }
    }

    private void onStun(ChannelHandlerContext ctx, ByteBuf frame, int len) {
        byte[] data = new byte[len];
        frame.getBytes(frame.readerIndex(), data);
        StunOutcome outcome = ice.handle(data, 0, len, link.remoteAddress());
        counters.countStun(outcome.status());
        switch (outcome.status()) {
            case OK -> {
                MediaEndpoint owner = (MediaEndpoint) outcome.owner();
                if (endpoint != null && endpoint != owner) {
                    ctx.close(); // one connection, one participant
                    return;
                }
                boolean first = endpoint == null;
                endpoint = owner;
                boolean nominated = outcome.useCandidate();
                MediaLoop home = owner.home();
                if (home == null || home == self) {
                    owner.onTcpCheckPassed(link, nominated);
                } else if (first) {
                    moveTo(ctx, home, () -> owner.onTcpCheckPassed(link, nominated));
                } else {
                    home.eventLoop().execute(() -> owner.onTcpCheckPassed(link, nominated));
                }
            }
            case MALFORMED -> counters.stunMalformed.incrementAndGet();
            case INDICATION, NOT_A_REQUEST -> {
                // Keepalives; nothing to answer (RFC 8445 §11).
            }
            default -> counters.stunRejected.incrementAndGet();
        }
        if (outcome.response() != null) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(outcome.response()), ctx.voidPromise());
        }
    }

    /**
     * Moves the connection onto its participant's loop (Netty deregisters it here and registers it there), so that
     * its media is read, and the participant's packets written, on the loop that forwards them, with no hand-off per
     * packet either way. Until the move completes, frames read here still go over the hand-off ring, and writes from
     * the participant's loop become tasks of this one; {@code self} changes on the new loop, when nothing reads it
     * here any more.
     */
    private void moveTo(ChannelHandlerContext ctx, MediaLoop home, Runnable then) {
        Channel channel = ctx.channel();
        channel.deregister().addListener(deregistered -> {
            if (!deregistered.isSuccess()) {
                channel.close();
                return;
            }
            home.eventLoop().register(channel).addListener(registered -> {
                if (!registered.isSuccess()) {
                    channel.close();
                    return;
                }
                self = home;
                link.movedTo(home);
                then.run();
            });
        });
    }

    /** DTLS or media on a connection that passed no check: dropped as from an unverified source, and closed. */
    private boolean unverified(ChannelHandlerContext ctx) {
        if (endpoint != null) {
            return false;
        }
        counters.unverifiedSource.incrementAndGet();
        closeIfUnchecked(ctx);
        return true;
    }

    /** Anything but a check on a connection that passed none: it is not anyone's, and is closed. */
    private void closeIfUnchecked(ChannelHandlerContext ctx) {
        if (endpoint == null) {
            counters.tcpClosedUnchecked.incrementAndGet();
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (ownBatch) {
            ownBatch = false;
            self.handler().endStreamBatch();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            if (stallWatch == null) {
                lastBacklog = Long.MAX_VALUE;
                stillSeconds = 0;
                stallWatch = ctx.executor().scheduleAtFixedRate(() -> watchStall(ctx), 1, 1, TimeUnit.SECONDS);
            }
        } else {
            stopStallWatch();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Once a second while the queue is full: has the reader taken any of it since the last look? */
    private void watchStall(ChannelHandlerContext ctx) {
        long backlog = ctx.channel().bytesBeforeWritable();
        if (backlog < lastBacklog) {
            lastBacklog = backlog;
            stillSeconds = 0;
        } else if (++stillSeconds >= STALL_SECONDS) {
            stopStallWatch();
            counters.tcpClosedStalled.incrementAndGet();
            ctx.close();
        }
    }

    private void stopStallWatch() {
        if (stallWatch != null) {
            stallWatch.cancel(false);
            stallWatch = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A long frame after one that closed the connection in the same read was not what closed it.
        if (cause instanceof TooLongFrameException && ctx.channel().isActive()) {
            counters.tcpClosedOversized.incrementAndGet();
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        stopStallWatch();
        if (ownBatch) {
            ownBatch = false;
            self.handler().endStreamBatch();
        }
        MediaEndpoint owner = endpoint;
        if (owner != null) {
            MediaLoop home = owner.home();
            if (home == null || home == self) {
                owner.onTcpClosed(link);
            } else {
                home.eventLoop().execute(() -> owner.onTcpClosed(link));
            }
        }
        ctx.fireChannelInactive();
    }
}
