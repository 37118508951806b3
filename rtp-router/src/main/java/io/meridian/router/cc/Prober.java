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
 * delivered them. Needs the retransmission caches and an RTX stream the receiver negotiated; does nothing without.
 */
final class Prober implements Periodic {
    /** A cluster lasts about this long at its target rate (libwebrtc: 15 ms), and has 5 to 16 packets. */
    private static final long CLUSTER_NANOS = 15_000_000L;
    private static final int MIN_PACKETS = 5;
    private static final int MAX_PACKETS = 16;

    private final Leg receiver;
    private final RouterContext context;
    private final SendHistory history;
    private final BandwidthEstimator estimator;
    private final ProbeController controller;

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
        RecentPackets recent = target == 0 || !receiver.srtpReady() ? null
                : context.shared(RecentPackets.class, () -> null);
        DownStream down = recent == null ? null : probeable(recent, now);
        if (down == null) {
            return;
        }
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
                ByteBuf cached = recent.recent(down.source().ssrc(), back, now);
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

    /** A video stream the receiver gets with RTX and whose source has cached packets, or null. */
    private DownStream probeable(RecentPackets recent, long now) {
        for (DownStream down : receiver.downStreams()) {
            InboundStream source = down.source();
            if (source.kind() != TrackKind.VIDEO || source.isRtx()) {
                continue;
            }
            DownStream rtx = down.rtx();
            ByteBuf newest = rtx == null ? null : recent.recent(source.ssrc(), 0, now);
            if (newest != null && down.rtxPayloadType(rtx,
                    RtpPacket.payloadType(newest.array(), newest.arrayOffset() + newest.readerIndex())) >= 0) {
                return down;
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
            ByteBuf cached = recent.recent(down.source().ssrc(), n, now);
            if (cached == null) {
                break;
            }
            bytes += cached.readableBytes();
            n++;
        }
        return n;
    }
}
