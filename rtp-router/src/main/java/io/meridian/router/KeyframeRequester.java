package io.meridian.router;

import io.meridian.rtp.RtcpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;

/**
 * Asks publishers for key frames (PLI, RFC 4585 §6.3.1) on behalf of receivers, at most once per
 * {@link #MIN_INTERVAL_NANOS} per stream: many receivers asking at once need only one key frame. A request inside
 * the interval is deferred, not lost, so a receiver that became ready just after another still gets its frame.
 */
final class KeyframeRequester {
    static final long MIN_INTERVAL_NANOS = 200_000_000L;

    private final Egress egress;
    private final MediaCounters counters;

    KeyframeRequester(Egress egress, MediaCounters counters) {
        this.egress = egress;
        this.counters = counters;
    }

    void request(InboundStream stream, long now) {
        if (stream.keyframeRequested && now - stream.lastKeyframeRequestNanos < MIN_INTERVAL_NANOS) {
            stream.keyframeDeferred = true;
            return;
        }
        send(stream, now);
    }

    void flushDeferred(IntObjectHashMap<InboundStream> streams, long now) {
        for (InboundStream stream : streams.values()) {
            if (stream.keyframeDeferred && now - stream.lastKeyframeRequestNanos >= MIN_INTERVAL_NANOS) {
                send(stream, now);
            }
        }
    }

    private void send(InboundStream stream, long now) {
        stream.keyframeRequested = true;
        stream.keyframeDeferred = false;
        stream.lastKeyframeRequestNanos = now;
        Leg publisher = stream.publisher;
        ByteBuf out = egress.rtcpBuffer(RtcpPacket.PLI_LENGTH);
        int len = RtcpPacket.writePli(out.array(), out.arrayOffset(), publisher.localSsrc, stream.ssrc);
        counters.keyframeRequested();
        egress.sendRtcp(publisher, out, len);
    }
}
