package io.meridian.router;

import io.meridian.srtp.SrtpProtector;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.collection.IntObjectHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The media side of one conference: its legs, the SSRCs they publish and who receives each. Every method must be
 * called on the conference's event loop (the transport and the control plane hop there), so none of this state is
 * locked. Packets enter through {@link #inbound()}.
 */
public final class Conference {
    /** Receiver reports go to publishers about once a second (RFC 3550 §6.2 allows any interval for an SFU leg). */
    static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;

    private final String id;
    private final LongSupplier nanoClock;
    private final List<Leg> legs = new ArrayList<>();
    /** Every SSRC published in this conference, for routing feedback to its publisher. */
    final IntObjectHashMap<InboundStream> streams = new IntObjectHashMap<>();
    private final Egress egress;
    private final KeyframeRequester keyframes;
    private final InboundPipeline inbound;
    private final ReceiverReports reports;
    private long lastReportNanos;

    public Conference(String id, MediaCounters counters, ByteBufAllocator alloc, LongSupplier nanoClock) {
        this.id = id;
        this.nanoClock = nanoClock;
        this.egress = new Egress(alloc, counters);
        this.keyframes = new KeyframeRequester(egress, counters);
        RtcpTerminator rtcp = new RtcpTerminator(this, egress, keyframes, counters, nanoClock);
        this.inbound = new InboundPipeline(counters, egress, rtcp, nanoClock);
        this.reports = new ReceiverReports(egress);
        this.lastReportNanos = nanoClock.getAsLong();
    }

    public String id() {
        return id;
    }

    public InboundPipeline inbound() {
        return inbound;
    }

    public Leg addLeg(String participantId, PacketSender sender) {
        Leg leg = new Leg(participantId, ThreadLocalRandom.current().nextInt(), sender);
        legs.add(leg);
        return leg;
    }

    public void removeLeg(Leg leg) {
        for (PublishedTrackSpec track : List.copyOf(leg.tracks)) {
            unpublish(leg, track.trackId());
        }
        for (Object ssrc : leg.bindings.keySet().toArray()) {
            unsubscribe(leg, (Integer) ssrc);
        }
        legs.remove(leg);
        if (leg.srtp != null) {
            // Wipes the leg's keys now rather than leaving them in memory until the GC finds the leg.
            leg.srtp.close();
            leg.srtp = null;
        }
    }

    public boolean isEmpty() {
        return legs.isEmpty();
    }

    /**
     * Starts accepting a track's SSRCs from {@code leg}. Returns false (and changes nothing) when an SSRC is already
     * published in this conference: two publishers sharing an SSRC cannot both be forwarded untranslated.
     */
    public boolean publish(Leg leg, PublishedTrackSpec spec) {
        if (streams.containsKey(spec.ssrc()) || (spec.rtxSsrc() != 0 && streams.containsKey(spec.rtxSsrc()))) {
            return false;
        }
        InboundStream primary = new InboundStream(spec.ssrc(), spec.ssrc(), false, spec.kind(), leg);
        leg.published.put(spec.ssrc(), primary);
        streams.put(spec.ssrc(), primary);
        if (spec.rtxSsrc() != 0) {
            InboundStream rtx = new InboundStream(spec.rtxSsrc(), spec.ssrc(), true, spec.kind(), leg);
            primary.rtxStream = rtx;
            leg.published.put(spec.rtxSsrc(), rtx);
            streams.put(spec.rtxSsrc(), rtx);
        }
        leg.tracks.add(spec);
        return true;
    }

    public void unpublish(Leg leg, String trackId) {
        for (PublishedTrackSpec spec : List.copyOf(leg.tracks)) {
            if (!spec.trackId().equals(trackId)) {
                continue;
            }
            leg.tracks.remove(spec);
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
        streams.remove(ssrc);
        for (Binding binding : stream.subscribers) {
            binding.receiver.bindings.remove(ssrc);
        }
        stream.subscribers.clear();
    }

    /**
     * Starts forwarding the publisher's track with primary SSRC {@code ssrc} (and its RTX stream) to
     * {@code receiver}, rewritten through {@code maps}; asks the publisher for a key frame so video starts at once.
     */
    public boolean subscribe(Leg receiver, int ssrc, TrackMaps maps) {
        InboundStream primary = streams.get(ssrc);
        if (primary == null || primary.publisher == receiver || receiver.bindings.containsKey(ssrc)) {
            return false;
        }
        bind(receiver, primary, maps);
        if (primary.rtxStream != null) {
            bind(receiver, primary.rtxStream, maps);
        }
        if (primary.kind == TrackKind.VIDEO && receiver.srtp != null) {
            keyframes.request(primary, nanoClock.getAsLong());
        }
        return true;
    }

    private static void bind(Leg receiver, InboundStream stream, TrackMaps maps) {
        Binding binding = new Binding(stream, receiver, maps.payloadTypes(), maps.extensionIds());
        receiver.bindings.put(stream.ssrc, binding);
        stream.subscribers.add(binding);
    }

    public void unsubscribe(Leg receiver, int ssrc) {
        Binding binding = receiver.bindings.remove(ssrc);
        if (binding == null) {
            return;
        }
        binding.source.subscribers.remove(binding);
        InboundStream rtx = binding.source.rtxStream;
        if (rtx != null) {
            Binding rtxBinding = receiver.bindings.remove(rtx.ssrc);
            if (rtxBinding != null) {
                rtx.subscribers.remove(rtxBinding);
            }
        }
    }

    /** DTLS finished for {@code leg}: media can flow, and every video it receives needs a key frame now. */
    public void srtpReady(Leg leg, SrtpProtector srtp) {
        leg.srtp = srtp;
        long now = nanoClock.getAsLong();
        for (Binding binding : leg.bindings.values()) {
            if (!binding.source.rtx && binding.source.kind == TrackKind.VIDEO) {
                keyframes.request(binding.source, now);
            }
        }
    }

    /** Periodic work (call about every 100 ms): deferred key-frame requests and receiver reports. */
    public void tick() {
        long now = nanoClock.getAsLong();
        keyframes.flushDeferred(streams, now);
        if (now - lastReportNanos >= REPORT_INTERVAL_NANOS) {
            lastReportNanos = now;
            for (int i = 0; i < legs.size(); i++) {
                reports.send(legs.get(i), now);
            }
        }
    }
}
