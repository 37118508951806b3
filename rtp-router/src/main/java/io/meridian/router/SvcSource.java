package io.meridian.router;

import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.svc.DependencyDescriptorReader;
import io.meridian.rtp.svc.LayerInfo;
import io.meridian.rtp.svc.Vp9Descriptor;

/**
 * One published video stream whose codec may be scalable in itself (VP9 with spatial and temporal layers in one
 * SSRC, RFC 9628; AV1 with the Dependency Descriptor): reads each packet's layers once, on the conference's loop, for
 * every receiver's {@link SvcFilter} to decide on, and keeps each spatial layer's frame height as the publisher last
 * told it (VP9's scalability structure, the descriptor's render resolutions). Conference loop only; the heights are
 * read by the loops that send (a stale height costs at most one picture's choice).
 */
final class SvcSource {
    static final int MAX_SPATIAL = 8;

    final InboundStream stream;
    /** Publisher payload type -> codec. */
    private final VideoCodec[] codecs;
    /** The publisher's Dependency Descriptor extension id, 0 when it negotiated none (AV1 layers are then unknown). */
    private final int dependencyDescriptorId;
    private final DependencyDescriptorReader dependencyDescriptor = new DependencyDescriptorReader();
    private final int[] heights = new int[MAX_SPATIAL];
    private final int[] scratch = new int[MAX_SPATIAL];
    /** Per spatial layer: bytes in the current rate window, the rate of the last, and its last packet's time. */
    private final long[] windowBytes = new long[MAX_SPATIAL];
    private final long[] bps = new long[MAX_SPATIAL];
    private final long[] lastPacket = new long[MAX_SPATIAL];
    private long windowStart = Long.MIN_VALUE;
    /** The spatial layers seen so far (the highest spatial id plus one). */
    private volatile int spatialLayers;

    SvcSource(InboundStream stream, VideoCodec[] codecs, int dependencyDescriptorId) {
        this.stream = stream;
        this.codecs = codecs;
        this.dependencyDescriptorId = dependencyDescriptorId;
        java.util.Arrays.fill(heights, -1);
        java.util.Arrays.fill(lastPacket, Long.MIN_VALUE);
    }

    /** The spatial layers the stream has shown (0 while none: not scalable, or no packet read yet). */
    int spatialLayers() {
        return spatialLayers;
    }

    /** What sending spatial layer {@code spatial} costs: its rate and those of the layers below, bits/s. */
    long bps(int spatial) {
        long sum = 0;
        for (int s = 0; s <= spatial && s < MAX_SPATIAL; s++) {
            sum += bps[s];
        }
        return sum;
    }

    /** Whether spatial layer {@code spatial} had a packet lately. */
    boolean active(int spatial, long now) {
        return spatial >= 0 && spatial < MAX_SPATIAL && lastPacket[spatial] != Long.MIN_VALUE
                && now - lastPacket[spatial] < SimulcastSource.STOPPED_NANOS;
    }

    /** Counts {@code p} into its spatial layer's rate; a window closes with the first packet after it ends. */
    private void measure(PacketInfo p, int info) {
        if (!LayerInfo.known(info)) {
            return;
        }
        int spatial = LayerInfo.spatial(info);
        long now = p.arrivalNanos();
        if (windowStart == Long.MIN_VALUE) {
            windowStart = now;
        } else if (now - windowStart >= SimulcastSource.RATE_WINDOW_NANOS) {
            for (int s = 0; s < MAX_SPATIAL; s++) {
                bps[s] = windowBytes[s] * 8 * 1_000_000_000L / (now - windowStart);
                windowBytes[s] = 0;
            }
            windowStart = now;
        }
        windowBytes[spatial] += p.length();
        lastPacket[spatial] = now;
        if (spatial >= spatialLayers) {
            spatialLayers = spatial + 1;
        }
    }

    /** Whether a track sending these codecs may be scalable in one stream. */
    static boolean mayBeScalable(VideoCodec[] codecs) {
        for (VideoCodec codec : codecs) {
            if (codec == VideoCodec.VP9 || codec == VideoCodec.AV1) {
                return true;
            }
        }
        return false;
    }

    /** The frame height of spatial layer {@code spatial}, -1 while unknown. */
    int height(int spatial) {
        return spatial >= 0 && spatial < MAX_SPATIAL ? heights[spatial] : -1;
    }

    /** Fan-out: reads the layers of {@code p} into it ({@link LayerInfo#NONE} for a codec without them here). */
    void onPacket(PacketInfo p) {
        byte[] a = p.array();
        int off = p.offset();
        int len = p.length();
        int header = p.headerLength() > 0 ? p.headerLength() : RtpPacket.headerLength(a, off, len);
        if (header <= 0) {
            return;
        }
        VideoCodec codec = codecs[RtpPacket.payloadType(a, off)];
        if (codec == VideoCodec.VP9) {
            int payload = off + header;
            int payloadLength = len - header - RtpPacket.paddingLength(a, off, len);
            if (Vp9Descriptor.length(a, payload, payloadLength) < 0) {
                return;
            }
            int info = Vp9Descriptor.layerInfo(a, payload);
            p.layers(info);
            measure(p, info);
            int n = Vp9Descriptor.spatialHeights(a, payload, scratch);
            for (int i = 0; i < n; i++) {
                heights[i] = scratch[i];
            }
        } else if (codec == VideoCodec.AV1 && dependencyDescriptorId != 0) {
            long element = RtpPacket.extensionElement(a, off, len, dependencyDescriptorId);
            if (element < 0) {
                return;
            }
            int info = dependencyDescriptor.read(a, (int) (element >>> 8), (int) (element & 0xFF));
            p.layers(info);
            measure(p, info);
            if (LayerInfo.keyPicture(info)) {
                for (int i = 0; i < MAX_SPATIAL; i++) {
                    heights[i] = dependencyDescriptor.height(i);
                }
            }
        }
    }
}
