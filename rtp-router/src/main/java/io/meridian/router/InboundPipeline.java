package io.meridian.router;

import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.RtpPacket;
import io.meridian.srtp.SrtpProtector;
import io.netty.buffer.ByteBuf;

import java.util.function.LongSupplier;

/**
 * The whole inbound path of an SRTP/SRTCP packet from a participant whose address passed an ICE check: decrypt in
 * place, then RTP runs through the leg's receive stages and fans out through {@link Egress}, and each packet of an
 * RTCP compound goes to the leg's feedback stages. The pipeline owns the buffer it is given and always releases it,
 * once, whatever a stage decided.
 */
public final class InboundPipeline {
    private final MediaCounters counters;
    private final Egress egress;
    private final LongSupplier clock;
    /** The one packet in flight on this conference's loop. */
    private final PacketInfo packet = new PacketInfo();

    InboundPipeline(MediaCounters counters, Egress egress, LongSupplier clock) {
        this.counters = counters;
        this.egress = egress;
        this.clock = clock;
    }

    /** Processes one datagram (first byte 128..191, RFC 7983) from {@code from}; releases {@code buf}. */
    public void receive(Leg from, ByteBuf buf) {
        try {
            process(from, buf, buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
        } finally {
            buf.release();
        }
    }

    private void process(Leg from, ByteBuf buf, byte[] a, int off, int len) {
        SrtpProtector srtp = from.srtp;
        if (srtp == null) {
            counters.dropped(DropReason.SRTP_NOT_READY);
            return;
        }
        if (len < RtpPacket.FIXED_HEADER) {
            counters.dropped(DropReason.MALFORMED_RTP);
            return;
        }
        if (isRtcp(a, off)) {
            int plain = srtp.unprotectRtcp(a, off, len);
            if (plain < 0) {
                countSrtpFailure(plain);
                return;
            }
            counters.rtcpReceived();
            feedback(from, a, off, plain);
            return;
        }
        int plain = srtp.unprotectRtp(a, off, len);
        if (plain < 0) {
            countSrtpFailure(plain);
            return;
        }
        PacketInfo p = packet;
        p.reset(from, a, off, plain, len, clock.getAsLong());
        p.buffer(buf);
        for (ReceiveStage stage : from.receiveStages) {
            if (!stage.accept(p)) {
                DropReason reason = p.dropReason();
                if (reason != null) {
                    counters.dropped(reason);
                }
                return;
            }
        }
        egress.fanOut(p);
    }

    /** Each packet of the compound (RFC 3550 §6.1) to the leg's feedback stages, until one consumes it. */
    private void feedback(Leg from, byte[] a, int off, int len) {
        int end = off + len;
        FeedbackStage[] stages = from.feedbackStages;
        for (int p = off; p < end; ) {
            int plen = RtcpPacket.validate(a, p, end);
            if (plen < 0) {
                counters.dropped(DropReason.MALFORMED_RTCP);
                return;
            }
            for (FeedbackStage stage : stages) {
                if (stage.onRtcp(from, a, p, plen)) {
                    break;
                }
            }
            p += plen;
        }
    }

    /** RFC 5761 §4: with rtcp-mux, payload types 64..95 (second byte 192..223) are RTCP. */
    static boolean isRtcp(byte[] a, int off) {
        int pt = a[off + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }

    private void countSrtpFailure(int code) {
        if (code == SrtpProtector.AUTH_FAILED) {
            counters.dropped(DropReason.SRTP_AUTH_FAILED);
        } else if (code == SrtpProtector.REPLAYED) {
            counters.dropped(DropReason.SRTP_REPLAYED);
        } else {
            counters.dropped(DropReason.SRTP_MALFORMED);
        }
    }
}
