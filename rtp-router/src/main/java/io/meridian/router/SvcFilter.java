package io.meridian.router;

import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.svc.LayerInfo;

/**
 * Which layers of a scalable stream ({@link SvcSource}) one receiver gets (mediasoup's SvcConsumer, Jitsi's VP9
 * adaptive source projection): packets of spatial or temporal layers above the receiver's are left out, with no
 * payload rewritten. Decisions are made at the start of each picture, so a picture is never cut in half:
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
 * §7.1 likewise ends a temporal unit with it). The loop that sends to the receiver runs it.
 */
public final class SvcFilter {
    /** No spatial layer yet: the receiver waits for a key picture. */
    static final int NONE = -1;
    static final int ALL = 7;

    /** Each spatial layer's frame height, -1 while unknown. */
    private final java.util.function.IntUnaryOperator heightOf;
    /** The receiver's wishes, set by the conference loop. */
    private volatile int maxSpatial = ALL;
    private volatile int maxTemporal = ALL;
    private volatile int maxHeight;
    private int currentSpatial = NONE;
    private int currentTemporal = ALL;

    SvcFilter(SvcSource source) {
        this(source::height);
    }

    /** A filter of temporal layers alone (a simulcast layer's: its one spatial layer has no height to choose by). */
    static SvcFilter temporalOnly() {
        return new SvcFilter(spatial -> -1);
    }

    private SvcFilter(java.util.function.IntUnaryOperator heightOf) {
        this.heightOf = heightOf;
    }

    /** The receiver's wishes: at most these layers, frames at most {@code maxHeight} high (0: any). */
    public void constrain(int maxSpatial, int maxTemporal, int maxHeight) {
        this.maxSpatial = Math.max(0, Math.min(maxSpatial, ALL));
        this.maxTemporal = Math.max(0, Math.min(maxTemporal, ALL));
        this.maxHeight = maxHeight;
    }

    /** The spatial layer the receiver gets now, {@link #NONE} before its first key picture. */
    public int currentSpatial() {
        return currentSpatial;
    }

    /** Whether the receiver wants a higher spatial layer than it gets (it climbs at the next key picture). */
    public boolean wantsHigher() {
        return currentSpatial != NONE && targetSpatial() > currentSpatial;
    }

    /**
     * The highest spatial layer the wishes allow: at most {@link #maxSpatial}, and under a height limit the highest
     * whose height is known to fit; the lowest always (a track shown smaller than its smallest layer is still shown).
     */
    int targetSpatial() {
        int limit = maxHeight;
        int top = maxSpatial;
        if (limit <= 0) {
            return top;
        }
        int target = 0;
        for (int s = 1; s <= top; s++) {
            int h = heightOf.applyAsInt(s);
            if (h > 0 && h <= limit) {
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
