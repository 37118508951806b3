package io.meridian.router;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;

import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What a conference offers its stages: its clock, counters, streams and legs, the key-frame requester, the way out
 * for RTCP the node writes, and the listener above. Loop-confined like the conference.
 */
public final class RouterContext {
    private final LongSupplier clock;
    private final MediaCounters counters;
    private final MediaListener listener;
    private final Egress egress;
    private final KeyframeRequester keyframes;
    private final NtpClock ntp;
    final IntObjectHashMap<InboundStream> streams = new IntObjectHashMap<>();
    final List<Leg> legs;
    /** State a feature keeps per conference, by the feature's own key (e.g. its retransmission caches). */
    private final java.util.Map<Class<?>, Object> shared = new java.util.HashMap<>();
    private final List<java.util.function.IntConsumer> streamRemovals = new java.util.ArrayList<>();

    RouterContext(LongSupplier clock, MediaCounters counters, MediaListener listener, Egress egress,
                  List<Leg> legs) {
        this.clock = clock;
        this.counters = counters;
        this.listener = listener;
        this.egress = egress;
        this.legs = legs;
        this.keyframes = new KeyframeRequester(this);
        this.ntp = new NtpClock(clock.getAsLong());
    }

    /** Monotonic nanoseconds from the conference's (injectable) clock. */
    public long now() {
        return clock.getAsLong();
    }

    public MediaCounters counters() {
        return counters;
    }

    public MediaListener listener() {
        return listener;
    }

    public KeyframeRequester keyframes() {
        return keyframes;
    }

    /** The node's NTP time base for the sender reports it issues and the round trips it measures (RFC 3550 §6.4.1). */
    public NtpClock ntp() {
        return ntp;
    }

    /** The stream (primary or RTX) published in this conference under {@code ssrc}, or null. */
    public InboundStream stream(int ssrc) {
        return streams.get(ssrc);
    }

    /** The conference's instance of a feature's state, made by {@code create} on first use. */
    public <T> T shared(Class<T> key, java.util.function.Supplier<T> create) {
        return key.cast(shared.computeIfAbsent(key, k -> create.get()));
    }

    /** Calls {@code removed} with the SSRC of each stream that leaves the conference (to free what it kept). */
    public void onStreamRemoved(java.util.function.IntConsumer removed) {
        streamRemovals.add(removed);
    }

    void streamRemoved(int ssrc) {
        for (java.util.function.IntConsumer removal : streamRemovals) {
            removal.accept(ssrc);
        }
    }

    /**
     * Sends {@code down}'s receiver again the packet {@code cached} holds (the source's plaintext, as first received),
     * as RTX on {@code rtxDown} with payload type {@code rtxPt} when {@code rtxDown} is not null, else as itself; on
     * the loop that sends to that receiver. {@code cached} is read before this returns (a copy of it goes to another
     * loop), so it may be a view that changes afterwards.
     */
    public void retransmit(DownStream down, DownStream rtxDown, int rtxPt, ByteBuf cached) {
        FanOutShard shard = down.receiver.shard;
        if (shard == null) {
            egress.retransmit(down, rtxDown, rtxPt, cached, now(), false);
        } else {
            shard.retransmit(down, rtxDown, rtxPt, egress.copy(cached), now());
        }
    }

    /**
     * Sends {@code down}'s receiver the packet {@code cached} holds once more as RTX on {@code rtxDown}, only to probe
     * its path (a burst the receiver discards as a duplicate), now and on this loop: for receivers this loop sends to.
     */
    public void probe(DownStream down, DownStream rtxDown, int rtxPt, ByteBuf cached) {
        if (down.receiver.shard != null) {
            throw new IllegalStateException("another loop sends to " + down.receiver.participantId);
        }
        egress.retransmit(down, rtxDown, rtxPt, cached, now(), true);
    }

    /** The conference's legs, for conference-wide periodic work; not to be changed. */
    public List<Leg> legs() {
        return Collections.unmodifiableList(legs);
    }

    /**
     * The loop's scratch buffer for one RTCP packet of at most {@code len} bytes that the node writes, to be filled
     * from its array offset and passed to {@link #sendRtcp} before the next call; never released.
     */
    public ByteBuf rtcpBuffer(int len) {
        return egress.rtcpBuffer(len);
    }

    /** Encrypts and sends an RTCP packet written into {@code out} (from its array offset, {@code len} bytes). */
    public void sendRtcp(Leg to, ByteBuf out, int len) {
        egress.sendRtcp(to, out, len);
    }
}
