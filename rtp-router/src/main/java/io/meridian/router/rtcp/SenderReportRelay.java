package io.meridian.router.rtcp;

import io.meridian.router.DownStream;
import io.meridian.router.FeedbackStage;
import io.meridian.router.InboundStream;
import io.meridian.router.Leg;
import io.meridian.router.RouterContext;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtcpPacket;
import io.netty.buffer.ByteBuf;

/**
 * A publisher's sender report (RFC 3550 §6.4.1) is noted for the node's receiver reports (LSR/DLSR) and re-issued to
 * each receiver of the stream without the publisher's report blocks, so receivers keep lip sync. It is not consumed:
 * its report blocks go on to {@link ReportBlockReader}.
 */
final class SenderReportRelay implements FeedbackStage {
    private final RouterContext context;

    SenderReportRelay(RouterContext context) {
        this.context = context;
    }

    @Override
    public boolean onRtcp(Leg from, byte[] a, int p, int plen) {
        if (RtcpPacket.packetType(a, p) != RtcpPacket.SR || plen < RtcpPacket.SR_SENDER_INFO_LENGTH) {
            return false;
        }
        InboundStream stream = from.published(RtcpPacket.senderSsrc(a, p));
        if (stream == null) {
            return false;
        }
        long now = context.now();
        // RFC 3550 §6.4.1 LSR: the middle 32 bits of the 64-bit NTP timestamp at bytes 8..15.
        stream.stats().onSenderReport(Bytes.u32(a, p + 10), now);
        // A simulcast layer's receivers are its track's; only those it is the current layer of get its reports.
        InboundStream receivers = stream.simulcast() != null ? stream.simulcast().anchor() : stream;
        for (int i = 0, n = receivers.subscriberCount(); i < n; i++) {
            DownStream down = receivers.subscriber(i);
            if (down.source() != stream) {
                continue;
            }
            ByteBuf out = context.rtcpBuffer(RtcpPacket.SR_SENDER_INFO_LENGTH);
            byte[] b = out.array();
            int o = out.arrayOffset();
            System.arraycopy(a, p, b, o, RtcpPacket.SR_SENDER_INFO_LENGTH);
            b[o] = (byte) 0x80;
            Bytes.put16(b, o + 2, RtcpPacket.SR_SENDER_INFO_LENGTH / 4 - 1);
            Bytes.put32(b, o + 4, down.ssrc());
            // The node's own NTP time replaces the publisher's, so the receiver's LSR/DLSR give this leg's RTT.
            // The publisher's RTP timestamp stays: the mapping shifts by the SR's transit time, equally for the
            // publisher's audio and video, so lip sync holds.
            context.ntp().write(b, o + 8, now);
            Bytes.put32(b, o + 16, (int) down.timestampOut(Bytes.u32(a, p + 16)));
            context.sendRtcp(down.receiver(), out, RtcpPacket.SR_SENDER_INFO_LENGTH);
        }
        return false;
    }
}
