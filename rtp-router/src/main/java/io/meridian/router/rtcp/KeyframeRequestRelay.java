package io.meridian.router.rtcp;

import io.meridian.router.FeedbackStage;
import io.meridian.router.InboundStream;
import io.meridian.router.Leg;
import io.meridian.router.RouterContext;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtcpPacket;

/**
 * A receiver's PLI (RFC 4585 §6.3.1) or FIR (RFC 5104 §4.3.1) becomes a rate-limited key-frame request to the
 * publisher. Installed for the requests the leg negotiated ({@code nack pli}, {@code ccm fir}).
 */
final class KeyframeRequestRelay implements FeedbackStage {
    private final RouterContext context;
    private final boolean pli;
    private final boolean fir;

    KeyframeRequestRelay(RouterContext context, boolean pli, boolean fir) {
        this.context = context;
        this.pli = pli;
        this.fir = fir;
    }

    @Override
    public boolean onRtcp(Leg from, byte[] a, int p, int plen) {
        if (RtcpPacket.packetType(a, p) != RtcpPacket.PSFB) {
            return false;
        }
        int fmt = RtcpPacket.count(a, p);
        int mediaSsrc;
        if (pli && fmt == RtcpPacket.FMT_PLI && plen >= RtcpPacket.PLI_LENGTH) {
            mediaSsrc = RtcpPacket.mediaSsrc(a, p);
        } else if (fir && fmt == RtcpPacket.FMT_FIR && plen >= RtcpPacket.FIR_LENGTH) {
            // RFC 5104 §4.3.1: the media SSRC field is unused in FIR; the target SSRC is in the FCI.
            mediaSsrc = Bytes.i32(a, p + 12);
        } else {
            return false;
        }
        InboundStream stream = Feedback.receivedStream(context, from, mediaSsrc);
        if (stream != null) {
            // The source the receiver gets now: for a simulcast track, its current layer.
            context.keyframes().request(from.downStream(stream.ssrc()).source(), context.now());
        }
        return true;
    }
}
