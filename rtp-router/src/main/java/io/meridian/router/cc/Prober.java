package io.meridian.router.cc;

import io.meridian.router.DownStream;
import io.meridian.router.InboundStream;
import io.meridian.router.Leg;
import io.meridian.router.Periodic;
import io.meridian.router.RecentPackets;
import io.meridian.router.RouterContext;
import io.meridian.router.TrackKind;
import io.meridian.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;

/**
 * Probes one receiver's path so its estimate can grow past what the node happens to forward it (an SFU only sends
 * what publishers send): when the {@link ProbeController} says so, a cluster of the newest cached video packets is
 * resent back to back as RTX (RFC 4588; the receiver drops them as duplicates), numbered on the receiver's
 * transport-wide sequence like anything else, and the {@link ProbeMeter} reads from the feedback how fast the path
 * delivered them. It also sends the padding the layer allocation asks for ({@link Leg#paddingBps()}), the same way
 * but spread over ticks. Needs the retransmission caches and an RTX stream the receiver negotiated; does nothing
 * without.
 */
final class Prober implements Periodic {
    /** A cluster lasts about this long at its target rate (libwebrtc: 15 ms), and has 5 to 16 packets. */
    private static final long CLUSTER_NANOS = 15_000_000L;
    private static final int MIN_PACKETS = 5;
    private static final int MAX_PACKETS = 16;
    /** Padding owed is counted over at most this (a late tick sends no burst to catch up), and sent in so many. */
    private static final long MAX_PAD_NANOS = 200_000_000L;
    private static final int MAX_PAD_PACKETS = 64;
    /**
     * How far back in a source's cache a probe looks for packets the receiver was sent (of a scalable track it gets
     * only some layers of, most of the newest may be others').
     */
    private static final int MAX_LOOK_BACK = 4 * MAX_PACKETS;

    private final Leg receiver;
    private final RouterContext context;
    private final SendHistory history;
    private final BandwidthEstimator estimator;
    private final ProbeController controller;
    /** The last tick, and the padding bytes still owed at it. */
    private long lastPadded = Long.MIN_VALUE;
    private long padCredit;

    Prober(Leg receiver, RouterContext context, SendHistory history, BandwidthEstimator estimator, long ceilingBps) {
        this.receiver = receiver;
        this.context = context;
        this.history = history;
        this.estimator = estimator;
        this.controller = new ProbeController(ceilingBps);
    }

    @Override
    public void tick(long now) {
        long result = estimator.takeProbeResult();
        if (result > 0) {
            controller.measured(now, result);
        }
        long target = controller.due(now, estimator.estimateBps());
        RecentPackets recent = !receiver.srtpReady() ? null : context.shared(RecentPackets.class, () -> null);
        DownStream down = recent == null ? null : probeable(recent, now);
        long since = lastPadded;
        lastPadded = now;
        if (down == null) {
            return;
        }
        if (target > 0) {
            probe(recent, down, target, now);
        }
        pad(recent, down, since, now);
    }

    /** A cluster of the newest packets of {@code down}'s source, meant to prove {@code target}. */
    private void probe(RecentPackets recent, DownStream down, long target, long now) {
        int packets = packets(recent, down, target, now);
        if (packets < MIN_PACKETS) {
            return;
        }
        DownStream rtx = down.rtx();
        int cluster = controller.started(now, target);
        estimator.probeStarted(cluster, target, packets);
        history.probeCluster = cluster;
        try {
            for (int back = packets - 1; back >= 0; back--) { // oldest first, as they were first sent
                ByteBuf cached = sent(recent, down, back, now);
                int pt = down.rtxPayloadType(rtx,
                        RtpPacket.payloadType(cached.array(), cached.arrayOffset() + cached.readerIndex()));
                if (pt >= 0) { // a payload type without RTX among them: one packet fewer in the cluster
                    context.probe(down, rtx, pt, cached);
                }
            }
        } finally {
            history.probeCluster = 0;
        }
    }

    /**
     * The padding the layer allocation asked for since {@code since}: the newest cached packets of {@code down}'s
     * source again (round the newest {@link #MAX_PACKETS} when more is owed), as RTX, which the receiver drops as
     * duplicates. Not numbered as a cluster: the estimator sees it as the media it pads, so a path that cannot carry
     * both shows it by its delay and loss.
     */
    private void pad(RecentPackets recent, DownStream down, long since, long now) {
        long bps = receiver.paddingBps();
        if (bps <= 0 || since == Long.MIN_VALUE) {
            padCredit = 0;
            return;
        }
        padCredit = Math.min(padCredit + bps * Math.min(now - since, MAX_PAD_NANOS) / 8 / 1_000_000_000L,
                bps * MAX_PAD_NANOS / 8 / 1_000_000_000L);
        DownStream rtx = down.rtx();
        int held = 1; // the newest is, or the stream would not be probeable
        while (held < MAX_PACKETS && sent(recent, down, held, now) != null) {
            held++;
        }
        for (int i = 0; i < MAX_PAD_PACKETS && padCredit > 0; i++) {
            ByteBuf cached = sent(recent, down, i % held, now);
            int pt = down.rtxPayloadType(rtx, RtpPacket.payloadType(cached.array(),
                    cached.arrayOffset() + cached.readerIndex()));
            if (pt >= 0) {
                padCredit -= cached.readableBytes();
                context.probe(down, rtx, pt, cached);
            }
        }
    }

    /** A video stream the receiver gets with RTX and whose source has cached packets, or null. */
    private DownStream probeable(RecentPackets recent, long now) {
        for (DownStream down : receiver.downStreams()) {
            InboundStream source = down.source();
            if (source.kind() != TrackKind.VIDEO || source.isRtx()) {
                continue;
            }
            DownStream rtx = down.rtx();
            ByteBuf newest = rtx == null ? null : sent(recent, down, 0, now);
            if (newest != null && down.rtxPayloadType(rtx,
                    RtpPacket.payloadType(newest.array(), newest.arrayOffset() + newest.readerIndex())) >= 0) {
                return down;
            }
        }
        return null;
    }

    /**
     * The packet {@code n} before the newest of {@code down}'s source that the receiver was sent (within
     * {@link #MAX_LOOK_BACK} of the newest), or null.
     */
    private static ByteBuf sent(RecentPackets recent, DownStream down, int n, long now) {
        int ssrc = down.source().ssrc();
        for (int back = 0, found = 0; back < MAX_LOOK_BACK; back++) {
            ByteBuf cached = recent.recent(ssrc, back, now);
            if (cached == null) {
                return null;
            }
            if (down.wasSent(RtpPacket.sequence(cached.array(), cached.arrayOffset() + cached.readerIndex()))
                    && found++ == n) {
                return cached;
            }
        }
        return null;
    }

    /** How many of the newest cached packets of {@code down}'s source make a cluster at {@code target}. */
    private static int packets(RecentPackets recent, DownStream down, long targetBps, long now) {
        long budget = targetBps * CLUSTER_NANOS / 8 / 1_000_000_000L;
        long bytes = 0;
        int n = 0;
        while (n < MAX_PACKETS && (n < MIN_PACKETS || bytes < budget)) {
            ByteBuf cached = sent(recent, down, n, now);
            if (cached == null) {
                break;
            }
            bytes += cached.readableBytes();
            n++;
        }
        return n;
    }
}
