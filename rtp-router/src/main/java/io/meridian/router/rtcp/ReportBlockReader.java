package io.meridian.router.rtcp;

import io.meridian.router.FeedbackStage;
import io.meridian.router.InboundStream;
import io.meridian.router.Leg;
import io.meridian.router.RouterContext;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtcpPacket;

/**
 * Report blocks (in SR or RR) a receiver sends about the media the node forwards to it: the worst loss and jitter,
 * and the round-trip time from LSR/DLSR against the sender reports the node issued with its own NTP clock
 * (RFC 3550 §6.4.1: RTT = A - LSR - DLSR), told upward. Consumes the packet: reports stop at the node.
 */
final class ReportBlockReader implements FeedbackStage {
    private final RouterContext context;

    ReportBlockReader(RouterContext context) {
        this.context = context;
    }

    @Override
    public boolean onRtcp(Leg from, byte[] a, int p, int plen) {
        int type = RtcpPacket.packetType(a, p);
        int first;
        if (type == RtcpPacket.SR && plen >= RtcpPacket.SR_SENDER_INFO_LENGTH) {
            first = p + RtcpPacket.SR_SENDER_INFO_LENGTH;
        } else if (type == RtcpPacket.RR) {
            first = p + 8;
        } else {
            return false;
        }
        read(from, a, first, RtcpPacket.count(a, p), p + plen);
        return true;
    }

    private void read(Leg from, byte[] a, int p, int count, int end) {
        double worstLoss = -1;
        double worstJitter = -1;
        double rtt = Double.NaN;
        long nowNtp = context.ntp().middle32(context.now());
        for (int i = 0; i < count && p + RtcpPacket.REPORT_BLOCK_LENGTH <= end; i++, p += RtcpPacket.REPORT_BLOCK_LENGTH) {
            int ssrc = Bytes.i32(a, p);
            InboundStream stream = context.stream(ssrc);
            if (stream == null || from.downStream(ssrc) == null) {
                continue;
            }
            worstLoss = Math.max(worstLoss, (a[p + 4] & 0xFF) / 256.0);
            worstJitter = Math.max(worstJitter, Bytes.u32(a, p + 12) * 1000.0 / stream.kind().clockRate());
            long lsr = Bytes.u32(a, p + 16);
            long dlsr = Bytes.u32(a, p + 20);
            if (lsr != 0) {
                long units = (nowNtp - lsr - dlsr) & 0xFFFFFFFFL;
                if (units < 0x8000_0000L) {
                    rtt = units * 1000.0 / 65536.0;
                }
            }
        }
        if (!Double.isNaN(rtt)) {
            from.roundTripMeasured((long) (rtt * 1_000_000));
        }
        if (worstLoss >= 0) {
            context.listener().receptionReported(from, worstLoss, worstJitter, rtt);
        }
    }
}
