package io.meridian.router;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The part of one conference's fan-out that another media loop runs, for a conference too large for its own loop
 * (one publisher to a thousand receivers). Receivers placed on this shard get their copies sealed and sent by the
 * shard's loop: the conference's loop decrypts and checks each packet once, then passes it here by reference (the
 * buffer is retained, not copied) through a bounded single-producer, single-consumer ring. The shard touches only
 * what it alone writes: its receivers' {@link DownStream}s, their outbound RTP sealing (see
 * {@code SrtpProtector}) and its own scratch and counters. A full ring drops and counts.
 */
public final class FanOutShard {
    /** About 80 ms of a 50-packet/s-per-publisher conference with a hundred publishers; more means overload. */
    static final int CAPACITY = 4096;
    private static final int MASK = CAPACITY - 1;

    private final int index;
    private final Executor shardLoop;
    private final Egress egress;
    private final MediaCounters homeCounters;
    private final ByteBuf[] buffers = new ByteBuf[CAPACITY];
    private final InboundStream[] streams = new InboundStream[CAPACITY];
    private final int[] offsets = new int[CAPACITY];
    private final int[] lengths = new int[CAPACITY];
    private final long[] arrivals = new long[CAPACITY];
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    /** The shard's view of the packet being sent (the conference loop has its own). */
    private final PacketInfo packet = new PacketInfo();
    private long headSeen;

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
                egress.retransmit(down, rtxDown, rtxPt, cached, now);
            } finally {
                cached.release();
            }
        });
    }

    /** Conference loop: queues {@code p} for this shard's receivers of its stream (retains its buffer). */
    void offer(PacketInfo p) {
        long t = tail.get();
        if (t - headSeen >= CAPACITY) {
            headSeen = head.getAcquire();
            if (t - headSeen >= CAPACITY) {
                homeCounters.dropped(DropReason.FANOUT_QUEUE_FULL);
                return;
            }
        }
        int i = (int) (t & MASK);
        buffers[i] = p.buffer().retain();
        streams[i] = p.stream();
        offsets[i] = p.offset();
        lengths[i] = p.length();
        arrivals[i] = p.arrivalNanos();
        tail.setRelease(t + 1);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            shardLoop.execute(drain);
        }
    }

    /** Shard loop: sends every queued packet to this shard's receivers of its stream, in order. */
    private void drain() {
        scheduled.set(false);
        long h = head.get();
        long t = tail.getAcquire();
        for (; h < t; h++) {
            int i = (int) (h & MASK);
            ByteBuf buf = buffers[i];
            InboundStream stream = streams[i];
            buffers[i] = null;
            streams[i] = null;
            try {
                packet.reset(null, buf.array(), offsets[i], lengths[i], lengths[i], arrivals[i]);
                packet.stream(stream);
                DownStream[] receivers = stream.shardReceivers(index);
                for (DownStream down : receivers) {
                    egress.forward(down, packet);
                }
            } finally {
                buf.release();
            }
        }
        head.setRelease(h);
    }
}
