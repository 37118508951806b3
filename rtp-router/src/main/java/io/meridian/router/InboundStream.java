package io.meridian.router;

import java.util.ArrayList;
import java.util.List;

/** One SSRC a participant publishes (a primary media stream or its RTX repair stream, RFC 4588). */
final class InboundStream {
    final int ssrc;
    final int primarySsrc;
    final boolean rtx;
    final TrackKind kind;
    final Leg publisher;
    final ReceiveStats stats;
    /** Receivers of this SSRC; iterated by index on the packet path. */
    final List<Binding> subscribers = new ArrayList<>();
    InboundStream rtxStream;
    long lastKeyframeRequestNanos;
    boolean keyframeRequested;
    boolean keyframeDeferred;
    int firSequence;

    InboundStream(int ssrc, int primarySsrc, boolean rtx, TrackKind kind, Leg publisher) {
        this.ssrc = ssrc;
        this.primarySsrc = primarySsrc;
        this.rtx = rtx;
        this.kind = kind;
        this.publisher = publisher;
        this.stats = new ReceiveStats(kind.clockRate());
    }
}
