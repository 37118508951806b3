package io.meridian.router;

import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.svc.LayerInfo;

/**
 * Which layers of a scalable stream ({@link SvcSource}) one receiver gets (mediasoup's SvcConsumer, Jitsi's VP9
 * adaptive source projection): packets of spatial or temporal layers above the receiver's are left out, with no
 * payload rewritten. Its spatial layer is the highest its wishes allow that its layer allocation has room for.
 * Decisions are made at the start of each picture, so a picture is never cut in half:
 * <ul>
 *   <li>a lower spatial layer applies at the next picture: a spatial layer references only itself and those below
 *       (in Chromium's L3T3_KEY, only itself after the key picture), which the receiver keeps getting;</li>
 *   <li>a higher spatial layer, and a receiver's first picture, wait for a key picture: the higher layer's frames
 *       reference its earlier frames, which the receiver never got;</li>
 *   <li>temporal layers change at a base-layer (TID 0) picture, which references nothing above it, so every frame
 *       after it finds its references.</li>
 * </ul>
 * The last packet of the highest spatial layer sent of each picture gets the RTP marker bit, which the publisher
 * put on a layer the receiver no longer gets (RFC 9628 §4.1: the marker ends the picture; the AV1 RTP specification
 * §7.1 likewise ends a temporal unit with it). {@link #admit} runs on the loop that sends to the receiver; the rest
 * on the conference's loop.
 */
public final class SvcFilter implements LayeredTrack {
    static final int ALL = 7;

    /** The stream's layers, rates and heights; null for {@link #temporalOnly}. */
    private final SvcSource source;
    /** The receiver's wishes, set by the conference loop. */
    private volatile int maxSpatial = ALL;
    private volatile int maxTemporal = ALL;
    private volatile int maxHeight;
    /** The highest spatial layer the allocation has room for; the lowest until it has measured. */
    private volatile int allocated;
    private int currentSpatial = NONE;
    private int currentTemporal = ALL;
    private long lastKeyframeAsk = Long.MIN_VALUE;

    SvcFilter(SvcSource source) {
        this.source = source;
    }

    /**
     * A filter of temporal layers alone, for one layer of a simulcast track (whose {@link SimulcastSelector} is its
     * {@link LayeredTrack}): its one spatial layer is always allowed.
     */
    static SvcFilter temporalOnly() {
        SvcFilter filter = new SvcFilter(null);
        filter.allocated = ALL;
        return filter;
    }

    /** The receiver's wishes: at most these layers, frames at most {@code maxHeight} high (0: any). */
    public void constrain(int maxSpatial, int maxTemporal, int maxHeight) {
        this.maxSpatial = Math.max(0, Math.min(maxSpatial, ALL));
        this.maxTemporal = Math.max(0, Math.min(maxTemporal, ALL));
        this.maxHeight = maxHeight;
    }

    /** The spatial layer the receiver gets now, {@link #NONE} before its first key picture. */
    @Override
    public int current() {
        return currentSpatial;
    }

    @Override
    public int target() {
        return allocated;
    }

    @Override
    public void target(int layer) {
        allocated = layer;
    }

    @Override
    public int layerCount() {
        return source == null ? 1 : source.spatialLayers();
    }

    @Override
    public boolean active(int layer, long now) {
        return source != null && source.active(layer, now);
    }

    @Override
    public long bps(int layer) {
        return source == null ? 0 : source.bps(layer);
    }

    /** A climb needs a key picture; a step down needs none (it applies at the next picture). */
    @Override
    public void askKeyframe(RouterContext context, int layer, long now) {
        if (source == null || layer <= currentSpatial
                || lastKeyframeAsk != Long.MIN_VALUE && now - lastKeyframeAsk < 1_000_000_000L) {
            return;
        }
        lastKeyframeAsk = now;
        context.keyframes().request(source.stream, now);
    }

    /** Whether the receiver wants a higher spatial layer than it gets (it climbs at the next key picture). */
    public boolean wantsHigher() {
        return currentSpatial != NONE && targetSpatial() > currentSpatial;
    }

    /**
     * Whether the wishes allow spatial layer {@code layer}: at most {@link #maxSpatial}, and under a height limit
     * one whose height is known to fit; the lowest always (a track shown smaller than its smallest layer is still
     * shown).
     */
    @Override
    public boolean allows(int layer) {
        if (layer < 0 || layer > maxSpatial) {
            return false;
        }
        if (maxHeight <= 0 || layer == 0) {
            return true;
        }
        int h = source == null ? -1 : source.height(layer);
        return h > 0 && h <= maxHeight;
    }

    /** The highest spatial layer the wishes allow, within what the allocation has room for. */
    int targetSpatial() {
        int top = Math.min(maxSpatial, Math.max(0, allocated));
        int target = 0;
        for (int s = 1; s <= top; s++) {
            if (allows(s)) {
                target = s;
            }
        }
        return target;
    }

    /**
     * Whether the receiver gets {@code p} (its layers read by the source); sets the marker bit in the receiver's
     * copy {@code out} when it ends the highest layer sent of its picture. A packet whose layers are unknown passes.
     */
    boolean admit(PacketInfo p, byte[] out) {
        int info = p.layers();
        if (!LayerInfo.known(info)) {
            return true;
        }
        int spatial = LayerInfo.spatial(info);
        int temporal = LayerInfo.temporal(info);
        if (LayerInfo.startOfPicture(info)) {
            int target = targetSpatial();
            if (LayerInfo.keyPicture(info)) {
                currentSpatial = target;
                currentTemporal = maxTemporal;
            } else if (currentSpatial != NONE) {
                currentSpatial = Math.min(currentSpatial, target);
                if (temporal == 0) {
                    currentTemporal = maxTemporal;
                } else {
                    currentTemporal = Math.min(currentTemporal, maxTemporal);
                }
            }
        }
        if (currentSpatial == NONE || spatial > currentSpatial || temporal > currentTemporal) {
            return false;
        }
        if (spatial == currentSpatial && LayerInfo.endOfFrame(info)) {
            RtpPacket.setMarker(out, 0, true);
        }
        return true;
    }
}
