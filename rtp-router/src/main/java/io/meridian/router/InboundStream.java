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
    final ReceiveStats stats;
    /** Receivers' streams of this source; iterated by index on the packet path. */
    final List<DownStream> subscribers = new ArrayList<>();
    InboundStream rtxStream;
    long lastKeyframeRequestNanos;
    boolean keyframeRequested;
    boolean keyframeDeferred;

    InboundStream(int ssrc, int primarySsrc, boolean rtx, TrackKind kind, Leg publisher) {
        this.ssrc = ssrc;
        this.primarySsrc = primarySsrc;
        this.rtx = rtx;
        this.kind = kind;
        this.publisher = publisher;
        this.stats = new ReceiveStats(kind.clockRate());
    }

    public int ssrc() {
        return ssrc;
    }

    /** The primary SSRC this RTX stream repairs, or this stream's own SSRC. */
    public int primarySsrc() {
        return primarySsrc;
    }

    public boolean isRtx() {
        return rtx;
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

    /** Number of receivers; {@link #subscriber} reads them by index without allocating. */
    public int subscriberCount() {
        return subscribers.size();
    }

    public DownStream subscriber(int i) {
        return subscribers.get(i);
    }
}
