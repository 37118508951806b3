package io.meridian.router.retransmit;

import io.meridian.router.InboundStream;
import io.meridian.router.Leg;
import io.meridian.router.PacketInfo;
import io.meridian.router.Periodic;
import io.meridian.router.ReceiveStage;
import io.meridian.router.RouterContext;
import io.meridian.router.TrackKind;
import io.meridian.rtp.GenericNack;
import io.meridian.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;

/**
 * Recovers a publisher's losses before any receiver notices: a gap in a video stream's sequence numbers is NACKed to
 * the publisher at once (RFC 4585 §6.2.1), asked again after a round trip to it while it stays missing, and given
 * up after {@link #MAX_ASKS} asks. The repair comes back as the publisher's RTX, which {@link RtxRepair} takes into
 * the stream, or as the packet itself; either clears it here. Installed on legs that negotiated {@code nack}.
 */
final class UpstreamRecovery implements ReceiveStage, Periodic {
    /** Until a round trip to the publisher is measured: about one on a far path. */
    static final long RETRY_NANOS = 100_000_000L;
    /** Asking again sooner than a round trip would only cross the repair on its way; bounded both ways. */
    static final long MIN_RETRY_NANOS = 20_000_000L;
    static final long MAX_RETRY_NANOS = 500_000_000L;
    static final int MAX_ASKS = 3;

    private final Leg publisher;
    private final RouterContext context;
    private final IntObjectHashMap<LossTracker> trackers = new IntObjectHashMap<>();
    private final int[] due = new int[LossTracker.CAPACITY];

    UpstreamRecovery(Leg publisher, RouterContext context) {
        this.publisher = publisher;
        this.context = context;
    }

    @Override
    public boolean accept(PacketInfo p) {
        InboundStream stream = p.stream();
        if (stream.kind() != TrackKind.VIDEO || stream.isRtx()) {
            return true;
        }
        LossTracker tracker = trackers.get(stream.ssrc());
        if (tracker == null) {
            tracker = new LossTracker();
            trackers.put(stream.ssrc(), tracker);
        }
        if (tracker.arrived(RtpPacket.sequence(p.array(), p.offset())) > 0) {
            ask(stream.ssrc(), tracker, p.arrivalNanos());
        }
        return true;
    }

    @Override
    public void tick(long now) {
        for (IntObjectHashMap.PrimitiveEntry<LossTracker> e : trackers.entries()) {
            LossTracker tracker = e.value();
            tracker.giveUp(MAX_ASKS);
            if (tracker.missingCount() > 0 && publisher.published(e.key()) != null) {
                ask(e.key(), tracker, now);
            }
        }
    }

    /** A round trip and a bit (the publisher needs a moment to resend), or the default until one is measured. */
    private long retryNanos() {
        long rtt = publisher.roundTripNanos();
        return rtt <= 0 ? RETRY_NANOS : Math.max(MIN_RETRY_NANOS, Math.min(MAX_RETRY_NANOS, rtt + rtt / 4));
    }

    /** One NACK to the publisher for every missing packet of {@code ssrc} that is due. */
    private void ask(int ssrc, LossTracker tracker, long now) {
        int n = 0;
        for (int i = 0; i < tracker.missingCount(); i++) {
            if (tracker.due(i, now, retryNanos())) {
                tracker.asked(i, now);
                due[n++] = tracker.sequence(i);
            }
        }
        if (n == 0 || !publisher.srtpReady()) {
            return;
        }
        ByteBuf out = context.rtcpBuffer(GenericNack.HEADER_LENGTH + n * GenericNack.FCI_LENGTH);
        int len = GenericNack.write(out.array(), out.arrayOffset(), publisher.localSsrc(), ssrc, due, n);
        context.counters().upstreamNackSent();
        context.sendRtcp(publisher, out, len);
    }
}
