package io.meridian.router;

import io.meridian.rtp.RtcpPacket;
import io.netty.buffer.ByteBuf;

/**
 * Asks publishers for key frames (PLI, RFC 4585 §6.3.1) on behalf of receivers, at most once per
 * {@link #MIN_INTERVAL_NANOS} per stream: many receivers asking at once need only one key frame. A request inside
 * the interval is deferred, not lost ({@link #tick} sends it), so a receiver that became ready just after another
 * still gets its frame.
 */
public final class KeyframeRequester implements Periodic {
    static final long MIN_INTERVAL_NANOS = 200_000_000L;

    private final RouterContext context;

    KeyframeRequester(RouterContext context) {
        this.context = context;
    }

    /** Asks for a key frame of {@code stream}'s primary stream (an RTX stream stands for its primary). */
    public void request(InboundStream stream, long now) {
        if (stream.simulcast != null && stream.layer < 0) {
            // A simulcast track as a whole (a receiver that has no layer yet): each layer, as any may start it.
            for (InboundStream layer : stream.simulcast.layers) {
                if (layer != null) {
                    request(layer, now);
                }
            }
            return;
        }
        InboundStream primary = stream.rtx ? stream.publisher.published.get(stream.primarySsrc) : stream;
        if (primary == null) {
            return;
        }
        if (primary.keyframeRequested && now - primary.lastKeyframeRequestNanos < MIN_INTERVAL_NANOS) {
            primary.keyframeDeferred = true;
            return;
        }
        send(primary, now);
    }

    @Override
    public void tick(long now) {
        for (InboundStream stream : context.streams.values()) {
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
        ByteBuf out = context.rtcpBuffer(RtcpPacket.PLI_LENGTH);
        int len = RtcpPacket.writePli(out.array(), out.arrayOffset(), publisher.localSsrc, stream.ssrc);
        context.counters().keyframeRequested();
        context.sendRtcp(publisher, out, len);
        context.listener().keyframeNeeded(publisher, stream.ssrc);
    }
}
