package io.meridian.router.cc;

import io.meridian.router.InboundStream;
import io.meridian.router.Leg;
import io.meridian.router.PacketInfo;
import io.meridian.router.Periodic;
import io.meridian.router.ReceiveStage;
import io.meridian.router.RouterContext;
import io.meridian.rtp.AbsSendTime;
import io.meridian.rtp.Remb;
import io.netty.buffer.ByteBuf;

/**
 * For a publisher without transport-cc: the node estimates its uplink itself, receive-side, from each packet's
 * abs-send-time against its arrival (the same delay-based detector and rate control as {@link BandwidthEstimator}),
 * and tells it the estimate in REMB (draft-alvestrand-rmcat-remb-03) once a second, or at once when it falls, so the
 * publisher's encoder follows its path. Conference loop only; no allocation per packet.
 */
final class RembReporter implements ReceiveStage, Periodic {
    /** §2: "once per second" while steady; a drop of this fraction or more goes out at once. */
    static final long INTERVAL_NANOS = 1_000_000_000L;
    static final double PROMPT_DROP = 0.03;
    /** Packets noted between two estimator updates (a tick, about 100 ms, of a few Mb/s). */
    private static final int BATCH = 512;
    private static final int MAX_SSRCS = 8;

    private final Leg publisher;
    private final RouterContext context;
    private final int extensionId;
    private final BandwidthEstimator estimator;
    private final long[] sent = new long[BATCH];
    private final long[] arrived = new long[BATCH];
    private final int[] sizes = new int[BATCH];
    private final int[] ssrcs = new int[MAX_SSRCS];
    private int count;
    /** The unwrapped send time of the last packet, to extend the 64 s field across its wraps. */
    private long lastSend = Long.MIN_VALUE;
    private long lastSentBps;
    private long lastRembNanos = Long.MIN_VALUE;

    RembReporter(Leg publisher, RouterContext context, long initialBps) {
        this.publisher = publisher;
        this.context = context;
        this.extensionId = publisher.negotiated().absSendTimeId();
        this.estimator = new BandwidthEstimator(initialBps);
    }

    @Override
    public boolean accept(PacketInfo p) {
        int field = AbsSendTime.read(p.array(), p.offset(), p.length(), extensionId);
        if (field < 0) {
            return true;
        }
        sent[count] = unwrap(AbsSendTime.toNanos(field));
        arrived[count] = p.arrivalNanos();
        sizes[count] = p.wireLength();
        if (++count == BATCH) {
            update(p.arrivalNanos());
        }
        return true;
    }

    @Override
    public void tick(long now) {
        if (count > 0) {
            update(now);
        }
        if (lastRembNanos != Long.MIN_VALUE && now - lastRembNanos >= INTERVAL_NANOS) {
            send(now);
        }
    }

    /** The estimate so far (bits/s). */
    long estimateBps() {
        return estimator.estimateBps();
    }

    private void update(long now) {
        long estimate = estimator.onFeedback(sent, arrived, sizes, count, publisher.roundTripNanos(), now);
        count = 0;
        if (lastRembNanos == Long.MIN_VALUE || estimate < lastSentBps * (1 - PROMPT_DROP)) {
            send(now);
        }
    }

    private void send(long now) {
        if (!publisher.srtpReady()) {
            return;
        }
        int n = 0;
        for (InboundStream s : publisher.publishedStreams()) {
            if (!s.isRtx() && n < MAX_SSRCS) {
                ssrcs[n++] = s.ssrc();
            }
        }
        long estimate = estimator.estimateBps();
        ByteBuf out = context.rtcpBuffer(Remb.FIXED_LENGTH + 4 * n);
        int len = Remb.write(out.array(), out.arrayOffset(), publisher.localSsrc(), estimate, ssrcs, n);
        context.sendRtcp(publisher, out, len);
        lastSentBps = estimate;
        lastRembNanos = now;
    }

    /** The 64 s field as a continuous time: the period nearest the last packet's. */
    private long unwrap(long field) {
        if (lastSend == Long.MIN_VALUE) {
            lastSend = field;
            return field;
        }
        long base = lastSend - Math.floorMod(lastSend, AbsSendTime.WRAP_NANOS);
        long candidate = base + field;
        if (candidate - lastSend > AbsSendTime.WRAP_NANOS / 2) {
            candidate -= AbsSendTime.WRAP_NANOS;
        } else if (lastSend - candidate > AbsSendTime.WRAP_NANOS / 2) {
            candidate += AbsSendTime.WRAP_NANOS;
        }
        lastSend = Math.max(lastSend, candidate);
        return candidate;
    }
}
