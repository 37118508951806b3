package io.meridian.server.transport;

import io.meridian.server.ice.IceLiteResponder;
import io.meridian.server.ice.MuxClassifier;
import io.meridian.server.ice.PacketKind;
import io.meridian.server.ice.StunOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Demultiplexes every datagram on the media port (RFC 7983 §7: STUN 0..3, DTLS 20..63, RTP/RTCP 128..191).
 * STUN goes to the ICE-lite responder, which is the only way a remote address becomes known; DTLS and SRTP are
 * accepted only from addresses that passed a check, so media from anywhere else is dropped and counted.
 * One handler per media loop, on that loop's socket; media read here for a participant of another loop's conference
 * is handed to that loop ({@link HandoffRing}). Writes made while a read batch is in progress are flushed together (one sendmmsg)
 * at its end, or as soon as {@link #FLUSH_EVERY} are pending: a batch of up to 256 datagrams fanned out to many
 * receivers would otherwise hold its first packets' copies until the last ones are encrypted.
 */
public final class MediaPacketHandler extends ChannelInboundHandlerAdapter {
    /** Room for the SRTP auth tag when a received packet is later re-encrypted in place. */
    private static final int TAIL_ROOM = 32;
    /**
     * Pending writes that trigger a flush inside a read batch. At a few µs of CPU per forwarded packet this bounds
     * how long a copy waits for its sendmmsg to a fraction of a millisecond, while one system call still carries
     * enough packets that its fixed cost is negligible.
     */
    static final int FLUSH_EVERY = 32;

    private final IceLiteResponder ice;
    private final ByteBufAllocator heap;
    private final TransportCounters counters;
    private final LoopCounters loopCounters;
    /** Hands each taken-over datagram to its endpoint; one object for the handler's life. */
    private final HandoffRing.Sink takeOver = this::takeOver;
    /** The loop this handler serves; null for a handler used alone (one loop, no hand-offs). */
    private MediaLoop self;
    /** Checked remote address -> participant; loop-only. */
    private final Map<InetSocketAddress, MediaEndpoint> verified = new HashMap<>();
    /** Reusable datagrams for {@link #send}; loop-only. */
    private final ArrayDeque<PooledDatagram> spareDatagrams = new ArrayDeque<>();
    private Channel channel;
    private boolean inReadBatch;
    /** When the current read batch's first datagram was dispatched. */
    private long batchStartNanos;
    private int pendingWrites;
    /** ICE-TCP connections of this loop written to in the current batch, flushed with it; loop-only. */
    private final ArrayList<TcpLink> unflushedTcp = new ArrayList<>();

    public MediaPacketHandler(IceLiteResponder ice, ByteBufAllocator heap) {
        this(ice, heap, new TransportCounters(), new LoopCounters());
    }

    MediaPacketHandler(IceLiteResponder ice, ByteBufAllocator heap, TransportCounters counters,
                       LoopCounters loopCounters) {
        this.ice = ice;
        this.heap = heap;
        this.counters = counters;
        this.loopCounters = loopCounters;
    }

    void attach(Channel channel) {
        this.channel = channel;
    }

    void serve(MediaLoop loop) {
        this.self = loop;
    }

    public TransportCounters counters() {
        return counters;
    }

    LoopCounters loopCounters() {
        return loopCounters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!inReadBatch) {
            batchStartNanos = System.nanoTime();
            inReadBatch = true;
        }
        DatagramPacket packet = (DatagramPacket) msg;
        LoopCounters.increment(loopCounters.datagramsRead);
        try {
            dispatch(packet.content(), packet.sender());
        } finally {
            packet.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (inReadBatch) {
            flushHeld();
            inReadBatch = false;
        } else {
            ctx.flush(); // a batch that read nothing: there is no delay to record
        }
    }

    /**
     * Flushes what is pending and records how long ago the read batch began: every packet in this flush was read
     * after that, so it bounds the delay of each of them (copies of one datagram to many receivers may span
     * several flushes; the clock does not restart between them).
     */
    private void flushHeld() {
        channel.flush();
        for (int i = 0; i < unflushedTcp.size(); i++) {
            unflushedTcp.get(i).flush();
        }
        unflushedTcp.clear();
        pendingWrites = 0;
        long delay = System.nanoTime() - batchStartNanos;
        counters.batchDelay.record(delay);
        loopCounters.batchDelay.record(delay);
    }

    /**
     * Loop: delivers what other loops read for this loop's participants, as one batch (its sends are flushed
     * together, and the batch delay is timed from the start of the drain).
     */
    void drain(HandoffRing ring) {
        boolean ownBatch = !inReadBatch;
        if (ownBatch) {
            batchStartNanos = System.nanoTime();
            inReadBatch = true;
        }
        ring.drainTo(takeOver);
        if (ownBatch) {
            flushHeld();
            inReadBatch = false;
        }
    }

    /**
     * Loop: an ICE-TCP connection of this loop starts reading frames; what they make the loop send is held for
     * {@link #endStreamBatch} as a UDP read batch's is (unless a UDP batch is already open).
     */
    boolean beginStreamBatch() {
        if (inReadBatch) {
            return false;
        }
        batchStartNanos = System.nanoTime();
        inReadBatch = true;
        return true;
    }

    /** Loop: the end of a batch {@link #beginStreamBatch} opened: flushes what it held. */
    void endStreamBatch() {
        flushHeld();
        inReadBatch = false;
    }

    private void takeOver(MediaEndpoint endpoint, InetSocketAddress from, ByteBuf packet) {
        LoopCounters.increment(loopCounters.takenOver);
        if (MuxClassifier.classify(packet.getByte(packet.readerIndex())) == PacketKind.STUN) {
            try {
                onStun(packet, from);
            } finally {
                packet.release();
            }
        } else {
            endpoint.onMedia(packet);
        }
    }

    /** A pooled heap copy with room for the SRTP auth tag when a received packet is re-encrypted in place. */
    private ByteBuf copy(ByteBuf content, int len) {
        ByteBuf copy = heap.heapBuffer(len + TAIL_ROOM);
        copy.writeBytes(content, content.readerIndex(), len);
        return copy;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // ICMP port-unreachable from a departed client surfaces here on some kernels; never close the node's socket.
    }

    private void dispatch(ByteBuf content, InetSocketAddress from) {
        int len = content.readableBytes();
        if (len == 0) {
            counters.unknownKind.incrementAndGet();
            return;
        }
        if (len > MediaLoops.MAX_DATAGRAM) {
            // Longer than we accept, or cut short by the kernel at the read size (MAX_DATAGRAM + 1): either way
            // not a datagram to process as if it were whole.
            counters.oversized.incrementAndGet();
            return;
        }
        switch (MuxClassifier.classify(content.getByte(content.readerIndex()))) {
            case STUN -> {
                MediaEndpoint endpoint = verified.get(from);
                MediaLoop home = endpoint == null ? null : endpoint.home();
                if (home == null || home == self) {
                    onStun(content, from);
                } else {
                    // A check from an address already checked goes through its participant's loop, behind the
                    // media read before it: the node handles one address's datagrams in arrival order.
                    toHome(endpoint, from, copy(content, len));
                }
            }
            case DTLS -> {
                MediaEndpoint endpoint = verified.get(from);
                if (endpoint == null) {
                    counters.unverifiedSource.incrementAndGet();
                    return;
                }
                byte[] data = new byte[len];
                content.getBytes(content.readerIndex(), data);
                LoopCounters.increment(loopCounters.dtlsDelivered);
                endpoint.onDtls(data, 0, len);
            }
            case RTP_RTCP -> {
                MediaEndpoint endpoint = verified.get(from);
                if (endpoint == null) {
                    counters.unverifiedSource.incrementAndGet();
                    return;
                }
                if (toHome(endpoint, from, copy(content, len))) {
                    LoopCounters.increment(loopCounters.mediaDelivered);
                }
            }
            default -> counters.unknownKind.incrementAndGet();
        }
    }

    private void onStun(ByteBuf content, InetSocketAddress from) {
        byte[] data = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), data);
        StunOutcome outcome = ice.handle(data, 0, data.length, from);
        counters.countStun(outcome.status());
        switch (outcome.status()) {
            case OK -> {
                MediaEndpoint endpoint = (MediaEndpoint) outcome.owner();
                verified.put(from, endpoint);
                MediaLoop home = endpoint.home();
                boolean nominated = outcome.useCandidate();
                if (home == null || home == self) {
                    endpoint.onCheckPassed(from, nominated);
                } else {
                    // A check, not media: a task per check is fine, and keeps the participant's state on its loop.
                    home.eventLoop().execute(() -> endpoint.onCheckPassed(from, nominated));
                }
            }
            case MALFORMED -> counters.stunMalformed.incrementAndGet();
            case INDICATION, NOT_A_REQUEST -> {
                // Binding indications keep NAT bindings alive (RFC 8445 §11); nothing to answer.
            }
            default -> counters.stunRejected.incrementAndGet();
        }
        if (outcome.response() != null) {
            send(Unpooled.wrappedBuffer(outcome.response()), from);
        }
    }

    /** Media for a participant homed on another loop goes to that loop; a full hand-off ring drops it. */
    /** Gives {@code packet} to its participant here or on its loop; false when that loop's ring was full (counted). */
    private boolean toHome(MediaEndpoint endpoint, InetSocketAddress from, ByteBuf packet) {
        MediaLoop home = endpoint.home();
        if (home == null || home == self) {
            endpoint.onMedia(packet);
        } else if (home.takeOver(self, endpoint, from, packet)) {
            LoopCounters.increment(loopCounters.handedOff);
        } else {
            packet.release();
            LoopCounters.increment(loopCounters.handoffDropped);
            return false;
        }
        return true;
    }

    /** Loop: forgets every address of a departed participant so its later datagrams are dropped. */
    public void forget(MediaEndpoint endpoint) {
        verified.values().removeIf(e -> e == endpoint);
    }

    /**
     * Loop: sends a datagram, taking ownership of {@code buf}; flushed at the end of the current read batch or once
     * {@link #FLUSH_EVERY} writes are pending, at once outside a batch (timers, DTLS).
     */
    public void send(ByteBuf buf, InetSocketAddress to) {
        ByteBuf out = buf;
        if (!buf.hasMemoryAddress() && buf.hasArray()) {
            // SRTP works on heap arrays, but sendmmsg needs native memory: copy into a pooled direct buffer here
            // rather than let the epoll channel do it, which allocates an NIO view and a second envelope per packet.
            out = heap.directBuffer(buf.readableBytes());
            out.writeBytes(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
            buf.release();
        }
        channel.write(PooledDatagram.take(spareDatagrams, out, to), channel.voidPromise());
        if (!inReadBatch) {
            channel.flush();
        } else if (++pendingWrites >= FLUSH_EVERY) {
            flushHeld();
        }
    }

    /**
     * Loop: whether a write to {@code link} (a connection of this loop) may wait for the end of the current read
     * batch, where every connection written to is flushed once: a receiver's packets of one batch then go out in
     * one system call, as UDP's go out in one sendmmsg. False outside a batch (flush now).
     */
    boolean flushWithBatch(TcpLink link) {
        if (!inReadBatch) {
            return false;
        }
        if (!link.awaitingFlush) {
            link.awaitingFlush = true;
            unflushedTcp.add(link);
        }
        return true;
    }

    /** Any thread (DTLS handshakes): copies and sends at once. */
    public void sendFromAnyThread(byte[] data, int off, int len, InetSocketAddress to) {
        ByteBuf copy = Unpooled.copiedBuffer(data, off, len);
        channel.writeAndFlush(new DatagramPacket(copy, to), channel.voidPromise());
    }
}
