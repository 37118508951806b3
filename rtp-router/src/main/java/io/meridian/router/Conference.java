package io.meridian.router;

import io.meridian.srtp.SrtpProtector;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.collection.IntObjectHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The media side of one conference: its legs, the SSRCs they publish, who receives each, and the stages each leg's
 * negotiation installed. Every method must be called on the conference's event loop (the transport and the control
 * plane hop there), so none of this state is locked. Packets enter through {@link #inbound()}.
 */
public final class Conference {
    private final String id;
    private final StageRegistry registry;
    private final List<Leg> legs = new ArrayList<>();
    private final RouterContext context;
    private final Egress egress;
    private final InboundPipeline inbound;
    private final Periodic[] periodic;
    /** The simulcast tracks published here, for their rate windows. */
    private final List<SimulcastSource> simulcast = new ArrayList<>();

    public Conference(String id, MediaCounters counters, ByteBufAllocator alloc, LongSupplier clock,
                      StageRegistry registry, MediaListener listener) {
        this.id = id;
        this.registry = registry;
        this.egress = new Egress(alloc, counters, listener);
        this.context = new RouterContext(clock, counters, listener, egress, legs);
        this.inbound = new InboundPipeline(counters, egress, clock);
        this.periodic = registry.conferencePeriodic(context);
    }

    public String id() {
        return id;
    }

    RouterContext context() {
        return context;
    }

    public InboundPipeline inbound() {
        return inbound;
    }

    /** Adds a participant whose SDP negotiated {@code negotiated}; its stages are installed from the registry. */
    public Leg addLeg(String participantId, PacketSender sender, Negotiated negotiated) {
        return addLeg(participantId, sender, negotiated, null, null);
    }

    /**
     * Adds a participant whose forwarded RTP another loop seals and sends ({@code shard}, through
     * {@code shardSender}); the conference's loop still reads its packets and writes its RTCP (through
     * {@code sender}). A null shard is {@link #addLeg(String, PacketSender, Negotiated)}.
     */
    public Leg addLeg(String participantId, PacketSender sender, Negotiated negotiated, FanOutShard shard,
                      PacketSender shardSender) {
        Leg leg = new Leg(participantId, ThreadLocalRandom.current().nextInt(), sender, negotiated, shard,
                shardSender);
        leg.install(registry.legStages(leg, context));
        legs.add(leg);
        if (shard != null) {
            if (egress.shards.length <= shard.index()) {
                egress.shards = java.util.Arrays.copyOf(egress.shards, shard.index() + 1);
            }
            egress.shards[shard.index()] = shard;
        }
        return leg;
    }

    public void removeLeg(Leg leg) {
        for (PublishedTrackSpec track : List.copyOf(leg.tracks)) {
            unpublish(leg, track.trackId());
        }
        for (Object ssrc : leg.downStreams.keySet().toArray()) {
            unsubscribe(leg, (Integer) ssrc);
        }
        legs.remove(leg);
        SrtpProtector srtp = leg.srtp;
        if (srtp != null) {
            // Wipes the leg's keys now rather than leaving them in memory until the GC finds the leg; a shard may
            // still hold packets for it, so there the wipe queues behind them.
            leg.srtp = null;
            if (leg.shard != null) {
                leg.shard.execute(srtp::close);
            } else {
                srtp.close();
            }
        }
    }

    /**
     * Starts accepting a track's SSRCs from {@code leg}. Returns false (and changes nothing) when an SSRC is already
     * published in this conference: two publishers sharing an SSRC cannot both be forwarded untranslated.
     */
    public boolean publish(Leg leg, PublishedTrackSpec spec) {
        if (context.streams.containsKey(spec.ssrc())
                || (spec.rtxSsrc() != 0 && context.streams.containsKey(spec.rtxSsrc()))) {
            return false;
        }
        SimulcastSpec layers = spec.simulcast();
        if (layers != null) {
            for (int i = 0; i < layers.layers(); i++) {
                if (context.streams.containsKey(layers.ssrcs()[i]) || context.streams.containsKey(layers.rtxSsrcs()[i])) {
                    return false;
                }
            }
        }
        InboundStream primary = new InboundStream(spec.ssrc(), spec.ssrc(), false, spec.kind(), leg, spec.rtxTypes());
        leg.published.put(spec.ssrc(), primary);
        context.streams.put(spec.ssrc(), primary);
        if (spec.rtxSsrc() != 0) {
            InboundStream rtx = new InboundStream(spec.rtxSsrc(), spec.ssrc(), true, spec.kind(), leg,
                    spec.rtxTypes());
            primary.rtxStream = rtx;
            leg.published.put(spec.rtxSsrc(), rtx);
            context.streams.put(spec.rtxSsrc(), rtx);
        }
        leg.tracks.add(spec);
        if (layers == null && spec.kind() == TrackKind.VIDEO && SvcSource.mayBeScalable(spec.codecs())) {
            primary.svc = new SvcSource(primary, spec.codecs(), leg.negotiated.dependencyDescriptorId());
            if (primary.rtxStream != null) {
                primary.rtxStream.primaryRenumbered = true;
            }
        }
        if (layers != null) {
            SimulcastSource source = new SimulcastSource(primary, layers, spec.codecs(), spec.trackId());
            primary.simulcast = source;
            if (primary.rtxStream != null) {
                primary.rtxStream.simulcast = source;
            }
            simulcast.add(source);
            for (int i = 0; i < layers.layers(); i++) {
                if (layers.ssrcs()[i] != 0) { // SIM: known now; by rid: bound by the first packets
                    source.bindLayer(context, i, layers.ssrcs()[i], false);
                    if (layers.rtxSsrcs()[i] != 0) {
                        source.bindLayer(context, i, layers.rtxSsrcs()[i], true);
                    }
                }
            }
        }
        return true;
    }

    public void unpublish(Leg leg, String trackId) {
        for (PublishedTrackSpec spec : List.copyOf(leg.tracks)) {
            if (!spec.trackId().equals(trackId)) {
                continue;
            }
            leg.tracks.remove(spec);
            InboundStream anchor = leg.published.get(spec.ssrc());
            if (anchor != null && anchor.simulcast != null) {
                simulcast.remove(anchor.simulcast);
                for (InboundStream layer : anchor.simulcast.boundStreams()) {
                    removeStream(leg, layer.ssrc);
                }
            }
            removeStream(leg, spec.ssrc());
            if (spec.rtxSsrc() != 0) {
                removeStream(leg, spec.rtxSsrc());
            }
        }
    }

    private void removeStream(Leg leg, int ssrc) {
        InboundStream stream = leg.published.remove(ssrc);
        if (stream == null) {
            return;
        }
        context.streams.remove(ssrc);
        context.streamRemoved(ssrc);
        for (int i = stream.subscriberCount() - 1; i >= 0; i--) {
            DownStream down = stream.subscriber(i);
            if (down.receiver.downStreams.remove(down.ssrc(), down) && down.receiver.retired != null) {
                down.receiver.retired.put(down.ssrc(), down);
            }
            detach(stream, down);
        }
    }

    /**
     * Starts forwarding the publisher's track with primary SSRC {@code ssrc} (and its RTX stream) to
     * {@code receiver}, rewritten through {@code maps}; asks the publisher for a key frame so video starts at once.
     */
    public boolean subscribe(Leg receiver, int ssrc, TrackMaps maps) {
        InboundStream primary = context.streams.get(ssrc);
        if (primary == null || primary.publisher == receiver || receiver.downStreams.containsKey(ssrc)) {
            return false;
        }
        bind(receiver, primary, maps);
        if (primary.rtxStream != null) {
            bind(receiver, primary.rtxStream, maps);
        }
        if (primary.kind == TrackKind.VIDEO && receiver.srtp != null) {
            context.keyframes().request(primary, context.now());
        }
        return true;
    }

    private void bind(Leg receiver, InboundStream stream, TrackMaps maps) {
        install(new DownStream(receiver, stream, maps), stream, maps);
    }

    /** Gives {@code down} its layer selection, its projections, a place among its receiver's streams and its source's. */
    private void install(DownStream down, InboundStream stream, TrackMaps maps) {
        Leg receiver = down.receiver;
        if (stream.simulcast != null && !stream.rtx) {
            down.selector = new SimulcastSelector(down, stream.simulcast);
            down.renumber = new SequenceRenumber();
        } else if (stream.svc != null) {
            down.svc = new SvcFilter(stream.svc);
            down.renumber = new SequenceRenumber();
        }
        down.projections = registry.projections(down, maps);
        receiver.downStreams.put(down.ssrc(), down);
        attach(stream, down);
    }

    /** Makes {@code down} a receiver of {@code stream} on the loop that sends to its receiver. */
    private static void attach(InboundStream stream, DownStream down) {
        FanOutShard shard = down.receiver.shard;
        if (shard == null) {
            stream.subscribers.add(down);
        } else {
            stream.addShardReceiver(shard.index(), down);
        }
    }

    private static void detach(InboundStream stream, DownStream down) {
        FanOutShard shard = down.receiver.shard;
        if (shard == null) {
            stream.subscribers.remove(down);
        } else {
            stream.removeShardReceiver(shard.index(), down);
        }
    }

    public void unsubscribe(Leg receiver, int ssrc) {
        DownStream down = receiver.downStreams.remove(ssrc);
        if (down == null) {
            return;
        }
        // A simulcast receiver hangs on its track's anchor, whichever layer it gets now.
        InboundStream subscribed = down.selector != null ? down.selector.source().anchor : down.source;
        detach(subscribed, down);
        InboundStream rtx = subscribed.rtxStream;
        DownStream rtxDown = rtx == null ? null : receiver.downStreams.get(rtx.ssrc);
        if (rtxDown != null && rtxDown.source == rtx) {
            receiver.downStreams.remove(rtx.ssrc);
            detach(rtx, rtxDown);
        }
    }

    /**
     * Puts the primary stream {@code nextSsrc} behind the receiver's stream of {@code currentSsrc} (the seam a
     * simulcast layer switch uses): the receiver keeps its SSRC and gets continuous sequence numbers and timestamps,
     * and a key frame of the new source is asked for. Returns false when either stream is unknown here.
     */
    public boolean switchSource(Leg receiver, int currentSsrc, int nextSsrc) {
        DownStream down = receiver.downStreams.get(currentSsrc);
        InboundStream next = context.streams.get(nextSsrc);
        if (down == null || next == null || next.rtx || next.publisher == receiver) {
            return false;
        }
        detach(down.source, down);
        // The loop that sends to the receiver sees the new source in its packets and continues the numbering there.
        down.switchSource(next);
        attach(next, down);
        if (next.kind == TrackKind.VIDEO && receiver.srtp != null) {
            context.keyframes().request(next, context.now());
        }
        return true;
    }

    /**
     * Sends the publisher's track with primary SSRC {@code nextSsrc} to {@code receiver} on the stream it knows as
     * {@code ssrc} (a WHEP viewer's m-line, which follows the dominant speaker), rewritten through {@code maps}: its
     * sequence numbers and timestamps go on from the track sent there before, if any (also one since unpublished:
     * the receiver's streams are kept for that from its first resend on), and a key frame of the new track is asked
     * for. The earlier track's RTX is no longer sent; retransmissions of the new one go as plain
     * copies. Returns false when the track is unknown here, or is the receiver's own, or of another kind.
     */
    public boolean resend(Leg receiver, int ssrc, int nextSsrc, TrackMaps maps) {
        InboundStream next = context.streams.get(nextSsrc);
        DownStream current = receiver.downStreams.get(ssrc);
        DownStream earlier = current != null ? current : receiver.retired == null ? null : receiver.retired.get(ssrc);
        if (next == null || next.rtx || next.publisher == receiver
                || (earlier != null && earlier.source.kind != next.kind)) {
            return false;
        }
        if (receiver.retired == null) {
            receiver.retired = new IntObjectHashMap<>();
        }
        receiver.retired.remove(ssrc);
        if (current != null) {
            InboundStream from = current.selector != null ? current.selector.source().anchor : current.source;
            if (from == next) {
                return true;
            }
            unsubscribe(receiver, ssrc);
        }
        install(new DownStream(receiver, next, maps, ssrc, earlier), next, maps);
        if (next.kind == TrackKind.VIDEO && receiver.srtp != null) {
            context.keyframes().request(next, context.now());
        }
        return true;
    }

    /**
     * A receiver's wishes for the video track it gets as {@code ssrc}: for a simulcast or scalable (VP9, AV1) track,
     * the highest spatial layer (simulcast: the highest layer; lowest 0), the highest temporal layer and the tallest
     * frames (0: any) it wants; for any video track, paused (nothing sent) or not. A resumed track, and one whose
     * receiver may now climb to a higher spatial layer, is asked for a key frame. Returns false when the receiver
     * gets no such video track.
     */
    public boolean constrain(Leg receiver, int ssrc, int maxLayer, int maxTemporal, int maxHeight, boolean paused) {
        DownStream down = receiver.downStreams.get(ssrc);
        if (down == null || down.source.kind != TrackKind.VIDEO || down.source.rtx) {
            return false;
        }
        boolean resumed = down.paused && !paused;
        down.paused = paused;
        if (down.selector != null) {
            down.selector.constrain(paused ? SimulcastSelector.NONE : maxLayer, maxTemporal, maxHeight);
        }
        boolean climbs = false;
        if (down.svc != null) {
            down.svc.constrain(maxLayer, maxTemporal, maxHeight);
            climbs = down.svc.wantsHigher();
        }
        if ((resumed || climbs && !paused) && receiver.srtp != null) {
            context.keyframes().request(down.source, context.now());
        }
        return true;
    }

    /** {@link #constrain(Leg, int, int, int, int, boolean)} with every temporal layer. */
    public boolean constrain(Leg receiver, int ssrc, int maxLayer, int maxHeight, boolean paused) {
        return constrain(receiver, ssrc, maxLayer, Integer.MAX_VALUE, maxHeight, paused);
    }

    /** {@code receiver} wants the video of at most {@code n} others, those who spoke last (negative: all). */
    public void lastN(Leg receiver, int n) {
        receiver.lastN(n);
    }

    /** Every receiver gets the video of at most {@code n} others, those who spoke last (negative: all). */
    public void conferenceLastN(int n) {
        io.meridian.router.speaker.Speakers.of(context).conferenceLastN(n);
    }

    /** The conference's dominant speaker, or null while there is none. */
    public Leg dominantSpeaker() {
        return io.meridian.router.speaker.Speakers.of(context).dominant();
    }

    /** DTLS finished for {@code leg}: media can flow, and every video it receives needs a key frame now. */
    public void srtpReady(Leg leg, SrtpProtector srtp) {
        leg.srtp = srtp;
        long now = context.now();
        for (DownStream down : leg.downStreams.values()) {
            if (!down.source.rtx && down.source.kind == TrackKind.VIDEO) {
                context.keyframes().request(down.source, now);
            }
        }
    }

    /** Periodic work (call about every 100 ms): the conference's periodic stages, then each leg's. */
    public void tick() {
        long now = context.now();
        for (Periodic task : periodic) {
            task.tick(now);
        }
        for (int i = 0; i < simulcast.size(); i++) {
            simulcast.get(i).tick(now, context.listener());
        }
        for (int i = 0; i < legs.size(); i++) {
            for (Periodic task : legs.get(i).periodic) {
                task.tick(now);
            }
        }
    }
}
