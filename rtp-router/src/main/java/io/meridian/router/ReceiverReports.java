package io.meridian.router;

import io.meridian.rtp.RtcpPacket;
import io.netty.buffer.ByteBuf;

/** Builds the node's receiver report to each publisher (RFC 3550 §6.4.2), one block per primary stream. */
final class ReceiverReports {
    /** RFC 3550 §6.4.2: the report count field holds at most 31 blocks. */
    private static final int MAX_BLOCKS = 31;

    private final Egress egress;

    ReceiverReports(Egress egress) {
        this.egress = egress;
    }

    void send(Leg leg, long now) {
        if (leg.srtp == null || leg.published.isEmpty()) {
            return;
        }
        int blocks = 0;
        for (InboundStream s : leg.published.values()) {
            if (!s.rtx && s.stats.started() && blocks < MAX_BLOCKS) {
                blocks++;
            }
        }
        if (blocks == 0) {
            return;
        }
        int len = 8 + blocks * RtcpPacket.REPORT_BLOCK_LENGTH;
        ByteBuf out = egress.rtcpBuffer(len);
        byte[] b = out.array();
        int o = out.arrayOffset();
        RtcpPacket.writeRrHeader(b, o, leg.localSsrc, blocks);
        int p = o + 8;
        int written = 0;
        for (InboundStream s : leg.published.values()) {
            if (s.rtx || !s.stats.started() || written == blocks) {
                continue;
            }
            ReceiveStats st = s.stats;
            RtcpPacket.writeReportBlock(b, p, s.ssrc, st.fractionLostSinceLastReport(), (int) st.cumulativeLost(),
                    st.extendedHighestSeq(), st.jitter(), st.lastSr(), st.delaySinceLastSr(now));
            p += RtcpPacket.REPORT_BLOCK_LENGTH;
            written++;
        }
        egress.sendRtcp(leg, out, len);
    }
}
