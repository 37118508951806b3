package io.meridian.router;

import java.util.ArrayList;
import java.util.List;

/** One SSRC a participant publishes (a primary media stream or its RTX repair stream, RFC 4588). */
public final class InboundStream {
    final int ssrc;
    final int primarySsrc;
    final boolean rtx;
    final TrackKind kind;
    final Leg publisher;
    final RtxPayloadTypes rtxTypes;
    final ReceiveStats stats;
    private static final DownStream[] NONE = new DownStream[0];
    private static final DownStream[][] NO_SHARDS = new DownStream[0][];

    /** Receivers' streams of this source sent by the conference's loop; iterated by index on the packet path. */
    final List<DownStream> subscribers = new ArrayList<>();
    /**
     * Receivers sent by other loops ({@link FanOutShard}), by shard index: replaced whole on every change by the
     * conference's loop, so a shard reads a consistent array without a lock.
     */
    private volatile DownStream[][] shardReceivers = NO_SHARDS;
    InboundStream rtxStream;
    /** The simulcast track this stream is the anchor or a layer (or a layer's RTX) of; null for other streams. */
    SimulcastSource simulcast;
    /** For a VP9 or AV1 primary stream: its layers, read once per packet for the receivers' filters. */
    SvcSource svc;
    /** For an RTX stream: its primary stream is sent to receivers renumbered (see {@link SvcSource}). */
    boolean primaryRenumbered;
    /** The layer this stream is, lowest 0; -1 for the anchor and for other streams. */
    int layer = -1;
    /** The furthest sequence number this stream has reached (RFC 3550 §A.1 order, mod 2^16); -1 before any. */
    private int highestSequence = -1;
    long lastKeyframeRequestNanos;
    boolean keyframeRequested;
    boolean keyframeDeferred;

    InboundStream(int ssrc, int primarySsrc, boolean rtx, TrackKind kind, Leg publisher, RtxPayloadTypes rtxTypes) {
        this.ssrc = ssrc;
        this.primarySsrc = primarySsrc;
        this.rtx = rtx;
        this.kind = kind;
        this.publisher = publisher;
        this.rtxTypes = rtxTypes;
        this.stats = new ReceiveStats(kind.clockRate());
    }

    /** The receivers shard {@code shard} sends this stream to (empty when none). */
    DownStream[] shardReceivers(int shard) {
        DownStream[][] all = shardReceivers;
        return shard < all.length && all[shard] != null ? all[shard] : NONE;
    }

    /** Every shard's receivers of this stream, by shard index (entries may be null); not to be changed. */
    DownStream[][] allShardReceivers() {
        return shardReceivers;
    }

    /** Conference loop: whether any shard sends this stream (the fan-out then offers it to them). */
    boolean hasShardReceivers() {
        return shardReceivers.length > 0;
    }

    /** Conference loop: adds {@code down} to its receiver's shard (copy on write). */
    void addShardReceiver(int shard, DownStream down) {
        DownStream[][] all = java.util.Arrays.copyOf(shardReceivers, Math.max(shardReceivers.length, shard + 1));
        DownStream[] current = all[shard] == null ? NONE : all[shard];
        DownStream[] next = java.util.Arrays.copyOf(current, current.length + 1);
        next[current.length] = down;
        all[shard] = next;
        shardReceivers = all;
    }

    /** Conference loop: removes {@code down} from its shard (copy on write); drops the table when it empties. */
    void removeShardReceiver(int shard, DownStream down) {
        DownStream[] current = shardReceivers(shard);
        DownStream[] next = java.util.Arrays.stream(current).filter(d -> d != down).toArray(DownStream[]::new);
        DownStream[][] all = shardReceivers.clone();
        if (shard < all.length) {
            all[shard] = next;
        }
        boolean empty = java.util.Arrays.stream(all).allMatch(a -> a == null || a.length == 0);
        shardReceivers = empty ? NO_SHARDS : all;
    }


    public int ssrc() {
        return ssrc;
    }

    /** The primary SSRC this RTX stream repairs, or this stream's own SSRC. */
    public int primarySsrc() {
        return primarySsrc;
    }

    /** The primary stream this RTX stream repairs (this stream when it is a primary); null once it is gone. */
    public InboundStream primary() {
        return rtx ? publisher.published.get(primarySsrc) : this;
    }

    /** The RTX stream repairing this primary stream, or null. */
    public InboundStream rtxStream() {
        return rtxStream;
    }

    /** Which RTX payload type repairs which primary one on this track. */
    public RtxPayloadTypes rtxTypes() {
        return rtxTypes;
    }

    public boolean isRtx() {
        return rtx;
    }

    /** The simulcast track this stream belongs to, or null. */
    public SimulcastSource simulcast() {
        return simulcast;
    }

    /** The simulcast layer this stream is (lowest 0), or -1. */
    public int layer() {
        return layer;
    }

    public TrackKind kind() {
        return kind;
    }

    public Leg publisher() {
        return publisher;
    }

    /** Reception statistics for the node's receiver reports (RFC 3550 §6.4.2). */
    public ReceiveStats stats() {
        return stats;
    }

    /**
     * Number of receivers, whichever loop sends to them; {@link #subscriber} reads them by index without allocating.
     * Conference loop only.
     */
    public int subscriberCount() {
        int n = subscribers.size();
        for (DownStream[] shard : shardReceivers) {
            n += shard == null ? 0 : shard.length;
        }
        return n;
    }

    public DownStream subscriber(int i) {
        if (i < subscribers.size()) {
            return subscribers.get(i);
        }
        int rest = i - subscribers.size();
        for (DownStream[] shard : shardReceivers) {
            int n = shard == null ? 0 : shard.length;
            if (rest < n) {
                return shard[rest];
            }
            rest -= n;
        }
        throw new IndexOutOfBoundsException(i);
    }

    /**
     * Conference loop: notes a packet of this stream the node authenticated, whether it is forwarded or not; returns
     * true when it is the furthest the stream has gone (ahead of every earlier one by less than 2^15), false for a
     * late, repeated or repaired one.
     */
    boolean advance(int sequence) {
        int ahead = (sequence - highestSequence) & 0xFFFF;
        if (highestSequence >= 0 && (ahead == 0 || ahead >= 0x8000)) {
            return false;
        }
        highestSequence = sequence;
        return true;
    }
}
