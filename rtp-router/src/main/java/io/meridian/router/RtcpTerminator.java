package io.meridian.router;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtcpPacket;
import io.netty.buffer.ByteBuf;

import java.util.function.LongSupplier;

/**
 * Terminates RTCP per leg (the node is an RTP middlebox, RFC 7667 §3.7): receiver reports stop here, sender reports
 * are re-issued to each receiver without the publisher's report blocks (so receivers keep lip sync), and
 * receivers' NACK, PLI and FIR go to the publisher of the media SSRC they name.
 */
final class RtcpTerminator {
    private static final int NACK_MIN_LENGTH = 16;

    private final Conference conference;
    private final Egress egress;
    private final KeyframeRequester keyframes;
    private final MediaCounters counters;
    private final LongSupplier nanoClock;
    private final NtpClock ntp;

    RtcpTerminator(Conference conference, Egress egress, KeyframeRequester keyframes, MediaCounters counters,
                   LongSupplier nanoClock) {
        this.conference = conference;
        this.egress = egress;
        this.keyframes = keyframes;
        this.counters = counters;
        this.nanoClock = nanoClock;
        this.ntp = new NtpClock(nanoClock.getAsLong());
    }

    void handle(Leg from, byte[] a, int off, int len) {
        int end = off + len;
        int p = off;
        while (p < end) {
            int plen = RtcpPacket.validate(a, p, end);
            if (plen < 0) {
                counters.dropped(DropReason.MALFORMED_RTCP);
                return;
            }
            int type = RtcpPacket.packetType(a, p);
            int fmt = RtcpPacket.count(a, p);
            if (type == RtcpPacket.SR && plen >= RtcpPacket.SR_SENDER_INFO_LENGTH) {
                onSenderReport(from, a, p);
                onReportBlocks(from, a, p + RtcpPacket.SR_SENDER_INFO_LENGTH, RtcpPacket.count(a, p), p + plen);
            } else if (type == RtcpPacket.RR) {
                onReportBlocks(from, a, p + 8, RtcpPacket.count(a, p), p + plen);
            } else if (type == RtcpPacket.RTPFB && fmt == RtcpPacket.FMT_NACK && plen >= NACK_MIN_LENGTH) {
                onNack(from, a, p, plen);
            } else if (type == RtcpPacket.PSFB && fmt == RtcpPacket.FMT_PLI && plen >= RtcpPacket.PLI_LENGTH) {
                onKeyframeRequest(from, RtcpPacket.mediaSsrc(a, p));
            } else if (type == RtcpPacket.PSFB && fmt == RtcpPacket.FMT_FIR && plen >= RtcpPacket.FIR_LENGTH) {
                // RFC 5104 §4.3.1: the media SSRC field is unused in FIR; the target SSRC is in the FCI.
                onKeyframeRequest(from, Bytes.i32(a, p + 12));
            }
            p += plen;
        }
    }

    /**
     * Report blocks a receiver sends about the media the node forwards to it: the worst loss and jitter, and the
     * round-trip time from LSR/DLSR against the sender reports the node issued with its own NTP clock
     * (RFC 3550 §6.4.1: RTT = A - LSR - DLSR).
     */
    private void onReportBlocks(Leg from, byte[] a, int p, int count, int end) {
        double worstLoss = -1;
        double worstJitter = -1;
        double rtt = Double.NaN;
        long nowNtp = ntp.middle32(nanoClock.getAsLong());
        for (int i = 0; i < count && p + RtcpPacket.REPORT_BLOCK_LENGTH <= end; i++, p += RtcpPacket.REPORT_BLOCK_LENGTH) {
            InboundStream stream = conference.streams.get(Bytes.i32(a, p));
            if (stream == null || !from.bindings.containsKey(stream.ssrc)) {
                continue;
            }
            worstLoss = Math.max(worstLoss, (a[p + 4] & 0xFF) / 256.0);
            worstJitter = Math.max(worstJitter, Bytes.u32(a, p + 12) * 1000.0 / stream.kind.clockRate());
            long lsr = Bytes.u32(a, p + 16);
            long dlsr = Bytes.u32(a, p + 20);
            if (lsr != 0) {
                long units = (nowNtp - lsr - dlsr) & 0xFFFFFFFFL;
                if (units < 0x8000_0000L) {
                    rtt = units * 1000.0 / 65536.0;
                }
            }
        }
        if (worstLoss >= 0) {
            from.reportedFractionLost = worstLoss;
            from.reportedJitterMillis = worstJitter;
        }
        if (!Double.isNaN(rtt)) {
            from.roundTripMillis = rtt;
        }
    }

    private void onSenderReport(Leg from, byte[] a, int p) {
        InboundStream stream = from.published.get(RtcpPacket.senderSsrc(a, p));
        if (stream == null) {
            return;
        }
        // RFC 3550 §6.4.1 LSR: the middle 32 bits of the 64-bit NTP timestamp at bytes 8..15.
        long now = nanoClock.getAsLong();
        stream.stats.onSenderReport(Bytes.u32(a, p + 10), now);
        for (int i = 0, n = stream.subscribers.size(); i < n; i++) {
            Leg receiver = stream.subscribers.get(i).receiver;
            ByteBuf out = egress.rtcpBuffer(RtcpPacket.SR_SENDER_INFO_LENGTH);
            byte[] b = out.array();
            int o = out.arrayOffset();
            System.arraycopy(a, p, b, o, RtcpPacket.SR_SENDER_INFO_LENGTH);
            b[o] = (byte) 0x80;
            Bytes.put16(b, o + 2, RtcpPacket.SR_SENDER_INFO_LENGTH / 4 - 1);
            // The node's own NTP time replaces the publisher's, so the receiver's LSR/DLSR give this leg's RTT.
            // The publisher's RTP timestamp stays: the mapping shifts by the SR's transit time, equally for the
            // publisher's audio and video, so lip sync holds.
            ntp.write(b, o + 8, now);
            egress.sendRtcp(receiver, out, RtcpPacket.SR_SENDER_INFO_LENGTH);
        }
    }

    private void onNack(Leg from, byte[] a, int p, int plen) {
        InboundStream stream = conference.streams.get(RtcpPacket.mediaSsrc(a, p));
        if (stream == null || stream.publisher == from || !from.bindings.containsKey(stream.ssrc)) {
            return;
        }
        Leg publisher = stream.publisher;
        int fciBytes = plen - 12;
        ByteBuf out = egress.rtcpBuffer(plen);
        byte[] b = out.array();
        int o = out.arrayOffset();
        RtcpPacket.writeNackHeader(b, o, publisher.localSsrc, stream.ssrc, fciBytes / 4);
        System.arraycopy(a, p + 12, b, o + 12, fciBytes);
        egress.sendRtcp(publisher, out, plen);
    }

    private void onKeyframeRequest(Leg from, int mediaSsrc) {
        InboundStream stream = conference.streams.get(mediaSsrc);
        if (stream == null || stream.publisher == from || !from.bindings.containsKey(stream.ssrc)) {
            return;
        }
        InboundStream primary = stream.rtx ? stream.publisher.published.get(stream.primarySsrc) : stream;
        if (primary != null) {
            keyframes.request(primary, nanoClock.getAsLong());
        }
    }
}
