package io.meridian.router.cc;

import io.meridian.router.Leg;
import io.meridian.router.PacketInfo;
import io.meridian.router.Periodic;
import io.meridian.router.ReceiveStage;
import io.meridian.router.RouterContext;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.TransportArrivals;
import io.meridian.rtp.TransportSequenceNumber;
import io.netty.buffer.ByteBuf;

/**
 * Transport-cc feedback to one publisher (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3): notes the
 * transport-wide sequence number and arrival time of each packet it sends, and every
 * {@link CongestionSettings#feedbackNanos} reports what arrived since the last feedback, what did not as not
 * received, in as many messages as that takes, each with the next feedback packet count. The report goes out with
 * the first packet after the interval, or with the conference's tick when packets stop.
 */
final class ArrivalReporter implements ReceiveStage, Periodic {
    private final Leg publisher;
    private final RouterContext context;
    private final int extensionId;
    private final long intervalNanos;
    /** Made with the first numbered packet: a leg that only receives never needs one. */
    private TransportArrivals window;
    /** The SSRC of the latest packet, named as the media source (§3.1 leaves it open; libwebrtc does this). */
    private int mediaSsrc;
    private int feedbackCount;
    private long nextReport;

    ArrivalReporter(Leg publisher, RouterContext context, long intervalNanos) {
        this.intervalNanos = intervalNanos;
        this.publisher = publisher;
        this.context = context;
        this.extensionId = publisher.negotiated().transportSequenceId();
    }

    @Override
    public boolean accept(PacketInfo p) {
        int at = RtpPacket.extensionData(p.array(), p.offset(), p.length(), extensionId,
                TransportSequenceNumber.LENGTH);
        if (at < 0) {
            return true;
        }
        p.transportSequenceAt(at);
        int sequence = Bytes.u16(p.array(), at);
        long now = p.arrivalNanos();
        if (window == null) {
            window = new TransportArrivals();
            nextReport = now + intervalNanos;
        }
        window.arrived(sequence, now);
        mediaSsrc = RtpPacket.ssrc(p.array(), p.offset());
        if (now - nextReport >= 0) {
            report(now);
        }
        return true;
    }

    @Override
    public void tick(long now) {
        if (window != null && now - nextReport >= 0) {
            report(now);
        }
    }

    private void report(long now) {
        if (!window.hasUnreported() || !publisher.srtpReady()) {
            return;
        }
        nextReport = now + intervalNanos;
        do {
            ByteBuf out = context.rtcpBuffer(TransportArrivals.MAX_LENGTH);
            int len = window.writeFeedback(out.array(), out.arrayOffset(), publisher.localSsrc(), mediaSsrc,
                    feedbackCount);
            feedbackCount = (feedbackCount + 1) & 0xFF; // §3.1: 8 bits, to tell lost feedback
            context.counters().transportFeedbackSent();
            context.sendRtcp(publisher, out, len);
        } while (window.hasUnreported());
    }
}
