package io.meridian.router.rtcp;

import io.meridian.router.FeedbackStage;
import io.meridian.router.InboundStream;
import io.meridian.router.Leg;
import io.meridian.router.RouterContext;
import io.meridian.rtp.RtcpPacket;
import io.netty.buffer.ByteBuf;

/**
 * A receiver's Generic NACK (RFC 4585 §6.2.1) goes to the publisher of the media SSRC it names, re-issued from the
 * node's own RTCP SSRC toward that publisher. Installed only on legs that negotiated {@code nack}.
 */
final class NackRelay implements FeedbackStage {
    /** Header, sender and media SSRC, one FCI entry. */
    private static final int NACK_MIN_LENGTH = 16;

    private final RouterContext context;

    NackRelay(RouterContext context) {
        this.context = context;
    }

    @Override
    public boolean onRtcp(Leg from, byte[] a, int p, int plen) {
        if (RtcpPacket.packetType(a, p) != RtcpPacket.RTPFB || RtcpPacket.count(a, p) != RtcpPacket.FMT_NACK) {
            return false;
        }
        InboundStream stream = Feedback.receivedStream(context, from, RtcpPacket.mediaSsrc(a, p));
        if (stream == null || plen < NACK_MIN_LENGTH) {
            return true;
        }
        Leg publisher = stream.publisher();
        int fciBytes = plen - 12;
        ByteBuf out = context.rtcpBuffer(plen);
        byte[] b = out.array();
        int o = out.arrayOffset();
        RtcpPacket.writeNackHeader(b, o, publisher.localSsrc(), stream.ssrc(), fciBytes / 4);
        System.arraycopy(a, p + 12, b, o + 12, fciBytes);
        context.sendRtcp(publisher, out, plen);
        return true;
    }
}
