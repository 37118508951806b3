package io.meridian.router.rtcp;

import io.meridian.router.InboundStream;
import io.meridian.router.Leg;
import io.meridian.router.Periodic;
import io.meridian.router.ReceiveStats;
import io.meridian.router.RouterContext;
import io.meridian.rtp.RtcpPacket;
import io.netty.buffer.ByteBuf;

/**
 * The node's receiver report to each publisher about once a second (RFC 3550 §6.4.2; §6.2 allows any interval for
 * an SFU leg), one block per primary stream that has sent something.
 */
final class ReceiverReportSender implements Periodic {
    /** RFC 3550 §6.4.2: the report count field holds at most 31 blocks. */
    private static final int MAX_BLOCKS = 31;

    private final RouterContext context;
    private long lastNanos;

    ReceiverReportSender(RouterContext context) {
        this.context = context;
        this.lastNanos = context.now();
    }

    @Override
    public void tick(long now) {
        if (now - lastNanos < RtcpTermination.REPORT_INTERVAL_NANOS) {
            return;
        }
        lastNanos = now;
        for (Leg leg : context.legs()) {
            send(leg, now);
        }
    }

    private void send(Leg leg, long now) {
        if (!leg.srtpReady()) {
            return;
        }
        int blocks = 0;
        for (InboundStream s : leg.publishedStreams()) {
            if (reported(s) && blocks < MAX_BLOCKS) {
                blocks++;
            }
        }
        if (blocks == 0) {
            return;
        }
        int len = 8 + blocks * RtcpPacket.REPORT_BLOCK_LENGTH;
        ByteBuf out = context.rtcpBuffer(len);
        byte[] b = out.array();
        int o = out.arrayOffset();
        RtcpPacket.writeRrHeader(b, o, leg.localSsrc(), blocks);
        int p = o + 8;
        int written = 0;
        for (InboundStream s : leg.publishedStreams()) {
            if (!reported(s) || written == blocks) {
                continue;
            }
            ReceiveStats st = s.stats();
            RtcpPacket.writeReportBlock(b, p, s.ssrc(), st.fractionLostSinceLastReport(), (int) st.cumulativeLost(),
                    st.extendedHighestSeq(), st.jitter(), st.lastSr(), st.delaySinceLastSr(now));
            p += RtcpPacket.REPORT_BLOCK_LENGTH;
            written++;
        }
        context.sendRtcp(leg, out, len);
    }

    private static boolean reported(InboundStream s) {
        return !s.isRtx() && s.stats().started();
    }
}
