package io.meridian.router;

import io.meridian.rtp.RtpPacket;
import io.meridian.srtp.SrtpProtector;
import io.netty.buffer.ByteBuf;

import java.util.function.LongSupplier;

/**
 * The whole inbound path of an SRTP/SRTCP packet from a participant whose address passed an ICE check: decrypt in
 * place, validate, account, then fan RTP out through {@link Egress} or hand RTCP to {@link RtcpTerminator}. The
 * pipeline owns the buffer it is given and always releases it.
 */
public final class InboundPipeline {
    private final MediaCounters counters;
    private final Egress egress;
    private final RtcpTerminator rtcp;
    private final LongSupplier nanoClock;

    InboundPipeline(MediaCounters counters, Egress egress, RtcpTerminator rtcp, LongSupplier nanoClock) {
        this.counters = counters;
        this.egress = egress;
        this.rtcp = rtcp;
        this.nanoClock = nanoClock;
    }

    /** Processes one datagram (first byte 128..191, RFC 7983) from {@code from}; releases {@code buf}. */
    public void receive(Leg from, ByteBuf buf) {
        try {
            process(from, buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
        } finally {
            buf.release();
        }
    }

    private void process(Leg from, byte[] a, int off, int len) {
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
            rtcp.handle(from, a, off, plain);
            return;
        }
        int plain = srtp.unprotectRtp(a, off, len);
        if (plain < 0) {
            countSrtpFailure(plain);
            return;
        }
        if (RtpPacket.headerLength(a, off, plain) < 0) {
            counters.dropped(DropReason.MALFORMED_RTP);
            return;
        }
        InboundStream stream = from.published.get(RtpPacket.ssrc(a, off));
        if (stream == null) {
            counters.dropped(DropReason.UNKNOWN_SSRC);
            return;
        }
        stream.stats.onPacket(RtpPacket.sequence(a, off), RtpPacket.timestamp(a, off), nanoClock.getAsLong());
        from.packetsIn++;
        from.bytesIn += len;
        counters.received(len);
        egress.fanOut(stream, a, off, plain);
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
