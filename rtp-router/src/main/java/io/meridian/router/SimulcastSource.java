package io.meridian.router;

import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.svc.DependencyDescriptorReader;

/**
 * One published simulcast track: the stream receivers subscribe to (the anchor, under SSRCs the node chose, which
 * never carries packets of its own) and the publisher's layers behind it, lowest first, each a stream of its own
 * (and its RTX) once its SSRC is known. Every layer's packets fan out to the anchor's receivers; each receiver's
 * {@link SimulcastSelector} lets one layer through. Keeps what choosing a layer needs: each layer's bitrate, whether
 * it is being sent, and its frame height when the codec tells. Conference loop only.
 */
public final class SimulcastSource {
    /** A layer with no packet for this long is taken as stopped (the publisher paused it or lost bandwidth). */
    static final long STOPPED_NANOS = 1_500_000_000L;
    /**
     * A layer silent for this long while another layer of the track still sends is taken as stopped sooner: a
     * browser encodes every layer from the same captured frames, so this is 8 frames of 20 a second the others sent
     * and it did not. libwebrtc drops its top layer at once when its uplink estimate falls; a receiver on that layer
     * freezes until it is switched down and has the lower layer's key frame, so the stop must be seen well within a
     * second (a mistaken stop costs a key frame, not a freeze: the layer forwarded goes on until the switch).
     */
    static final long OVERTAKEN_NANOS = 400_000_000L;
    /** Bitrates are measured over windows of this length. */
    static final long RATE_WINDOW_NANOS = 1_000_000_000L;

    final InboundStream anchor;
    final SimulcastSpec spec;
    /** Publisher payload type -> codec. */
    private final VideoCodec[] codecs;
    final InboundStream[] layers;
    private final long[] windowBytes;
    private final long[] bps;
    private final long[] lastPacket;
    /** The arrival of the track's latest packet, of any layer. */
    private long newestPacket = Long.MIN_VALUE;
    private final int[] heights;
    private long windowStart = Long.MIN_VALUE;
    /**
     * The publisher's Dependency Descriptor extension id (0: none), and a reader per layer (each layer has its own
     * structure): where libwebrtc puts a VP8 layer's temporal layers when the descriptor is negotiated (its VP8
     * payload descriptor then carries no TID).
     */
    private final int dependencyDescriptorId;
    private final DependencyDescriptorReader[] dependencyDescriptors;
    /** Which layers anyone wants, told to the publisher. */
    final LayerDemand demand;

    SimulcastSource(InboundStream anchor, SimulcastSpec spec, VideoCodec[] codecs, String trackId) {
        this.anchor = anchor;
        this.spec = spec;
        this.codecs = codecs.clone();
        int n = spec.layers();
        this.layers = new InboundStream[n];
        this.windowBytes = new long[n];
        this.bps = new long[n];
        this.lastPacket = new long[n];
        this.heights = new int[n];
        java.util.Arrays.fill(lastPacket, Long.MIN_VALUE);
        java.util.Arrays.fill(heights, -1);
        this.demand = new LayerDemand(this, trackId);
        this.dependencyDescriptorId = anchor.publisher.negotiated.dependencyDescriptorId();
        this.dependencyDescriptors = new DependencyDescriptorReader[n];
        for (int i = 0; i < n && dependencyDescriptorId != 0; i++) {
            dependencyDescriptors[i] = new DependencyDescriptorReader();
        }
    }

    /** The stream receivers subscribe to. */
    public InboundStream anchor() {
        return anchor;
    }

    /** The stream of {@code layer}, null while its SSRC is not known. */
    public InboundStream layer(int layer) {
        return layers[layer];
    }

    public int layerCount() {
        return layers.length;
    }

    /** The layer's bitrate over the last window, 0 before it was measured. */
    public long bps(int layer) {
        return bps[layer];
    }

    /**
     * Whether the layer's SSRC is known and it sent a packet lately, and not much longer ago than the track's other
     * layers did.
     */
    public boolean active(int layer, long now) {
        long last = lastPacket[layer];
        return layers[layer] != null && last != Long.MIN_VALUE && now - last < STOPPED_NANOS
                && newestPacket - last < OVERTAKEN_NANOS;
    }

    /** The layer's frame height from its last key frame, -1 when unknown (the codec does not say, or none yet). */
    public int height(int layer) {
        return heights[layer];
    }

    public VideoCodec codec(int payloadType) {
        return codecs[payloadType & 0x7F];
    }

    /**
     * Fan-out: notes a packet of a primary layer stream (its bytes, its time) and marks whether it starts a key frame,
     * which is what a receiver may switch layers at.
     */
    void onLayerPacket(PacketInfo p) {
        InboundStream stream = p.stream();
        int layer = stream.layer;
        byte[] a = p.array();
        int header = p.headerLength() > 0 ? p.headerLength() : RtpPacket.headerLength(a, p.offset(), p.length());
        windowBytes[layer] += p.length();
        lastPacket[layer] = p.arrivalNanos();
        newestPacket = Math.max(newestPacket, p.arrivalNanos());
        VideoCodec codec = codecs[RtpPacket.payloadType(a, p.offset())];
        int payload = p.offset() + header;
        int payloadLength = p.length() - header - RtpPacket.paddingLength(a, p.offset(), p.length());
        boolean key = header > 0 && payloadLength > 0 && codec.isKeyFrameStart(a, payload, payloadLength);
        p.keyFrameStart(key);
        if (dependencyDescriptorId != 0) {
            long element = RtpPacket.extensionElement(a, p.offset(), p.length(), dependencyDescriptorId);
            if (element >= 0) {
                p.layers(dependencyDescriptors[layer].read(a, (int) (element >>> 8), (int) (element & 0xFF)));
            }
        }
        if (key) {
            int height = codec.keyFrameHeight(a, payload, payloadLength);
            if (height > 0) {
                heights[layer] = height;
            }
        }
    }

    /**
     * Makes {@code ssrc} the stream of {@code layer} (or of its RTX): in the publisher's and the conference's tables,
     * so its later packets are found by SSRC alone (libwebrtc stops sending the rid once a receiver report covers the
     * SSRC). Returns null when the SSRC is taken, or the layer already has a stream (no silent re-binding: a second
     * SSRC for one rid is a client restarting the layer, which a new offer announces).
     */
    InboundStream bindLayer(RouterContext context, int layer, int ssrc, boolean repair) {
        InboundStream primary = layers[layer];
        if (context.streams.containsKey(ssrc) || (!repair && primary != null)
                || (repair && (primary == null || primary.rtxStream != null))) {
            return null;
        }
        Leg publisher = anchor.publisher;
        InboundStream stream = new InboundStream(ssrc, repair ? primary.ssrc : ssrc, repair, anchor.kind, publisher,
                anchor.rtxTypes);
        stream.simulcast = this;
        stream.layer = layer;
        if (repair) {
            primary.rtxStream = stream;
        } else {
            layers[layer] = stream;
        }
        publisher.published.put(ssrc, stream);
        context.streams.put(ssrc, stream);
        return stream;
    }

    /** The layers' streams and their RTX streams that are bound, for removal. */
    java.util.List<InboundStream> boundStreams() {
        java.util.List<InboundStream> out = new java.util.ArrayList<>();
        for (InboundStream layer : layers) {
            if (layer != null) {
                out.add(layer);
                if (layer.rtxStream != null) {
                    out.add(layer.rtxStream);
                }
            }
        }
        return out;
    }

    /** Conference tick: tells the publisher what layers are wanted; closes the rate window when it is due. */
    void tick(long now, MediaListener listener) {
        demand.tick(now, listener);
        if (windowStart == Long.MIN_VALUE) {
            windowStart = now;
            return;
        }
        long elapsed = now - windowStart;
        if (elapsed < RATE_WINDOW_NANOS) {
            return;
        }
        for (int i = 0; i < layers.length; i++) {
            bps[i] = windowBytes[i] * 8 * 1_000_000_000L / elapsed;
            windowBytes[i] = 0;
        }
        windowStart = now;
    }

    /**
     * Binds an unknown SSRC of the publisher to a layer by the rid its packet names (RFC 8852 §3: the
     * {@code rtp-stream-id} element, or {@code repaired-rtp-stream-id} for the layer's RTX), if the packet's
     * {@code mid} element, when it has one, names this track. Returns the layer's new stream, or null.
     */
    InboundStream bind(RouterContext context, PacketInfo p) {
        if (!spec.rids().isEmpty()) {
            byte[] a = p.array();
            int off = p.offset();
            int len = p.length();
            long mid = spec.midId() == 0 ? -1 : RtpPacket.extensionElement(a, off, len, spec.midId());
            if (mid >= 0 && !spec.isMid(a, (int) (mid >>> 8), (int) (mid & 0xFF))) {
                return null;
            }
            int ssrc = RtpPacket.ssrc(a, off);
            long rid = spec.repairedRidId() == 0 ? -1 : RtpPacket.extensionElement(a, off, len, spec.repairedRidId());
            boolean repair = rid >= 0;
            if (!repair) {
                rid = spec.ridId() == 0 ? -1 : RtpPacket.extensionElement(a, off, len, spec.ridId());
            }
            int layer = rid < 0 ? -1 : spec.layerOfRid(a, (int) (rid >>> 8), (int) (rid & 0xFF));
            if (layer >= 0) {
                return bindLayer(context, layer, ssrc, repair);
            }
        }
        return null;
    }
}
