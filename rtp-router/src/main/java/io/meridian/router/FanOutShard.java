package io.meridian.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The part of one conference's fan-out that another media loop runs, for a conference too large for its own loop
 * (one publisher to a thousand receivers). Receivers placed on this shard get their copies sealed and sent by the
 * shard's loop: the conference's loop decrypts and checks each packet once, then passes it here by reference (the
 * buffer is retained, not copied) through a {@link SpscRing}. The shard touches only
 * what it alone writes: its receivers' {@link DownStream}s, their outbound RTP sealing (see
 * {@code SrtpProtector}) and its own scratch and counters. A full ring drops and counts.
 */
public final class FanOutShard {
    /** About 80 ms of a 50-packet/s-per-publisher conference with a hundred publishers; more means overload. */
    static final int CAPACITY = 4096;

    /** One packet passed to the shard: its retained buffer and where the plaintext lies in it. */
    private static final class Queued {
        ByteBuf buffer;
        InboundStream stream;
        boolean keyFrameStart;
        boolean newest;
        int layers;
        int offset;
        int length;
        long arrival;
    }

    private final int index;
    private final Executor shardLoop;
    private final Egress egress;
    private final MediaCounters homeCounters;
    private final SpscRing<Queued> ring;
    /** The shard's view of the packet being sent (the conference loop has its own). */
    private final PacketInfo packet = new PacketInfo();
    private final Consumer<Queued> send = this::send;

    /**
     * @param index        this shard's slot in {@link InboundStream}'s per-shard receiver lists (its loop's index)
     * @param shardLoop    runs the shard's sends, in order
     * @param homeLoop     the conference's loop, where upward events are delivered
     * @param shardCounters the shard loop's counters (written by that loop only)
     * @param homeCounters the conference loop's counters, for drops on the way in
     */
    public FanOutShard(int index, Executor shardLoop, Executor homeLoop, MediaCounters shardCounters,
                       MediaCounters homeCounters, ByteBufAllocator alloc, MediaListener listener) {
        this.index = index;
        this.shardLoop = shardLoop;
        this.homeCounters = homeCounters;
        MediaListener onHome = new MediaListener() {
            @Override
            public void firstPacketForwarded(Leg receiver, long nanos) {
                homeLoop.execute(() -> listener.firstPacketForwarded(receiver, nanos));
            }
        };
        this.egress = new Egress(alloc, shardCounters, onHome);
        this.ring = new SpscRing<>(CAPACITY, Queued::new, shardLoop, r -> r.drainTo(send));
    }

    public int index() {
        return index;
    }

    /** Runs {@code task} on the shard's loop after everything queued before it (e.g. wiping a departed key). */
    void execute(Runnable task) {
        shardLoop.execute(task);
    }

    /** Conference loop: the shard's loop resends {@code cached} (whose reference it takes) to a receiver of its own. */
    void retransmit(DownStream down, DownStream rtxDown, int rtxPt, ByteBuf cached, long now) {
        shardLoop.execute(() -> {
            try {
                egress.retransmit(down, rtxDown, rtxPt, cached, now, false);
            } finally {
                cached.release();
            }
        });
    }

    /** Conference loop: queues {@code p} for this shard's receivers of its stream (retains its buffer). */
    void offer(PacketInfo p) {
        Queued q = ring.claim();
        if (q == null) {
            homeCounters.dropped(DropReason.FANOUT_QUEUE_FULL);
            return;
        }
        q.buffer = p.buffer().retain();
        q.stream = p.stream();
        q.keyFrameStart = p.keyFrameStart();
        q.layers = p.layers();
        q.offset = p.offset();
        q.length = p.length();
        q.arrival = p.arrivalNanos();
        q.newest = p.newest();
        ring.publish();
    }

    /** Shard loop: sends one queued packet to this shard's receivers of its stream. */
    private void send(Queued q) {
        ByteBuf buf = q.buffer;
        InboundStream stream = q.stream;
        q.buffer = null;
        q.stream = null;
        try {
            packet.reset(null, buf.array(), q.offset, q.length, q.length, q.arrival);
            packet.stream(stream);
            packet.keyFrameStart(q.keyFrameStart);
            packet.layers(q.layers);
            packet.newest(q.newest);
            InboundStream receivers = stream.simulcast != null ? stream.simulcast.anchor : stream;
            for (DownStream down : receivers.shardReceivers(index)) {
                egress.forward(down, packet);
            }
        } finally {
            buf.release();
        }
    }
}
