package io.meridian.router;

import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.vp8.Vp8Rewriter;

/**
 * Which layer of a simulcast track one receiver gets (mediasoup's SimulcastConsumer, Jitsi's AdaptiveSourceProjection):
 * the current layer's packets pass; a switch to the target layer, up or down, happens only at a key frame of it
 * (a delta frame of another layer references pictures the receiver never had), and until then the current layer goes
 * on. A key frame of a layer nearer the target than the current one is a step on the way (browsers key-frame all
 * layers together when asked). Without a current layer, the first key frame of a layer at or below the target
 * starts the stream. For VP8, PictureID, TL0PICIDX and KEYIDX stay continuous across switches (RFC 7741 §4.2,
 * {@link Vp8Rewriter}). The target is set by the receiver's layer allocation; the loop that sends to the receiver
 * runs the rest.
 */
public final class SimulcastSelector implements LayeredTrack {

    private final DownStream down;
    private final SimulcastSource source;
    private final Vp8Rewriter vp8 = new Vp8Rewriter();
    /** The temporal layers a layer's Dependency Descriptor tells (libwebrtc's VP8 then has no TID of its own). */
    private final SvcFilter temporal = SvcFilter.temporalOnly();
    private volatile int target;
    private int current = NONE;
    /** What the receiver asked for: the highest layer, the tallest frames (0: any), or nothing at all. */
    private int maxLayer = Integer.MAX_VALUE;
    private int maxHeight;
    /** The highest VP8 temporal layer the receiver wants (RFC 7741 §4.2: TID); the rest are left out. */
    private volatile int maxTemporal = Integer.MAX_VALUE;
    private long lastKeyframeAsk = Long.MIN_VALUE;
    private int lastKeyframeAskLayer = NONE;

    SimulcastSelector(DownStream down, SimulcastSource source) {
        this.down = down;
        this.source = source;
        // The lowest layer until the allocation has measured the layers and the receiver's room for them: a start
        // on a top layer's key frame (tens of kB) would clog a narrow downlink before the first estimate says so.
        this.target = 0;
    }

    public SimulcastSource source() {
        return source;
    }

    /** The layer being forwarded, or {@link #NONE}. */
    @Override
    public int current() {
        return current;
    }

    @Override
    public int target() {
        return target;
    }

    /** Sets the layer to switch to at its next key frame ({@link #NONE}: stop forwarding at once). */
    @Override
    public void target(int layer) {
        target = layer;
    }

    @Override
    public int layerCount() {
        return source.layerCount();
    }

    @Override
    public boolean active(int layer, long now) {
        return source.active(layer, now);
    }

    @Override
    public long bps(int layer) {
        return source.bps(layer);
    }

    @Override
    public void askKeyframe(RouterContext context, int layer, long now) {
        InboundStream wanted = source.layer(layer);
        if (wanted != null && mayAskKeyframe(layer, now)) {
            context.keyframes().request(wanted, now);
        }
    }

    /**
     * The receiver's wishes for this track: at most layer {@code maxLayer} and temporal layer {@code maxTemporal},
     * frames at most {@code maxHeight} high.
     */
    public void constrain(int maxLayer, int maxTemporal, int maxHeight) {
        this.maxLayer = maxLayer;
        this.maxTemporal = maxTemporal;
        this.maxHeight = maxHeight;
        temporal.constrain(0, maxTemporal, 0);
    }

    /**
     * Whether the receiver's wishes allow {@code layer}. Under a height limit a layer passes when its height is known
     * to fit, and the lowest always does: a receiver that shows the track smaller than its smallest layer still shows
     * it (the API's "the lowest when none is known to fit"); only a paused track gets nothing.
     */
    @Override
    public boolean allows(int layer) {
        if (layer > maxLayer || layer < 0) {
            return false;
        }
        if (maxHeight <= 0 || layer == 0) {
            return true;
        }
        int height = source.height(layer);
        return height > 0 && height <= maxHeight;
    }

    /**
     * Whether the receiver's wishes might allow {@code layer}: as {@link #allows}, except that a layer whose height
     * is not known yet might (what a publisher is asked to keep sending; see {@link LayerDemand}).
     */
    boolean mayWant(int layer) {
        return allows(layer) || layer >= 0 && layer <= maxLayer && maxHeight > 0 && source.height(layer) <= 0;
    }

    /**
     * Whether a key frame of {@code layer} may be asked for now: at most once a second per receiver while it waits
     * on the same layer (one asked for is on its way), at once for another (a layer that stopped under the receiver
     * must not wait out the ask for the one before).
     */
    boolean mayAskKeyframe(int layer, long now) {
        if (layer == lastKeyframeAskLayer && lastKeyframeAsk != Long.MIN_VALUE
                && now - lastKeyframeAsk < 1_000_000_000L) {
            return false;
        }
        lastKeyframeAsk = now;
        lastKeyframeAskLayer = layer;
        return true;
    }

    /** Fan-out: whether {@code p}, a packet of one of the track's layers, goes to this receiver; switches if so. */
    boolean admit(PacketInfo p) {
        int layer = p.stream().layer;
        int wanted = target;
        if (wanted == NONE) {
            current = NONE;
            return false;
        }
        if (layer == current) {
            return true;
        }
        if (!p.keyFrameStart()) {
            return false;
        }
        boolean start = current == NONE && layer <= wanted;
        boolean nearer = current != NONE && Math.abs(wanted - layer) < Math.abs(wanted - current);
        if (!start && !nearer) {
            return false;
        }
        current = layer;
        down.switchSource(p.stream());
        return true;
    }

    /**
     * Rewrites the codec's numbering in the receiver's copy, and leaves out temporal layers above the receiver's
     * (by the VP8 descriptor's TID, or the Dependency Descriptor's); false when the copy must not be sent.
     */
    boolean rewrite(PacketInfo p, byte[] out, int len) {
        int header = p.headerLength() > 0 ? p.headerLength() : RtpPacket.headerLength(out, 0, len);
        if (header <= 0) {
            return true;
        }
        if (source.codec(RtpPacket.payloadType(out, 0)) == VideoCodec.VP8) {
            int payload = len - header - RtpPacket.paddingLength(out, 0, len);
            if (!vp8.rewrite(p.stream().ssrc, out, header, payload, maxTemporal)) {
                return false;
            }
        }
        return temporal.admit(p, out);
    }

    /** Rewrites a retransmitted copy as its first copy was rewritten; false when it must not be sent. */
    boolean rewriteAgain(PacketInfo p, byte[] out, int len) {
        int header = RtpPacket.headerLength(out, 0, len);
        if (header <= 0 || source.codec(RtpPacket.payloadType(out, 0)) != VideoCodec.VP8) {
            return header > 0;
        }
        int payload = len - header - RtpPacket.paddingLength(out, 0, len);
        return vp8.rewriteAgain(p.stream().ssrc, out, header, payload);
    }
}
