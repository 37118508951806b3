package io.meridian.router.retransmit;

import io.meridian.router.DownStream;
import io.meridian.router.DropReason;
import io.meridian.router.FeedbackStage;
import io.meridian.router.InboundStream;
import io.meridian.router.Leg;
import io.meridian.router.RouterContext;
import io.meridian.rtp.GenericNack;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;

/**
 * Answers a receiver's Generic NACK (RFC 4585 §6.2.1) from the node's cache, to that receiver only: as RTX on its
 * RTX stream (RFC 4588) when it negotiated one, else as the packet itself. Only what the cache lacks goes on to the
 * publisher, in one NACK of its own numbering. Each packet is resent to a receiver a few times at most and not in
 * quick succession, and one NACK may name at most {@link RetransmissionSettings#MAX_NACKED_PER_PACKET} packets.
 */
final class NackResponder implements FeedbackStage {
    private final RouterContext context;
    private final RetransmitCaches caches;
    /** Source sequence numbers the cache lacked, for the NACK to the publisher (one NACK at a time: loop-confined). */
    private final int[] misses = new int[RetransmissionSettings.MAX_NACKED_PER_PACKET];
    private int missCount;
    private int named;
    private Leg from;
    private DownStream down;
    private InboundStream source;
    private PacketCache cache;
    private long now;
    private final GenericNack.IntSink onLost = this::onLost;

    NackResponder(RouterContext context, RetransmitCaches caches) {
        this.context = context;
        this.caches = caches;
    }

    @Override
    public boolean onRtcp(Leg from, byte[] a, int p, int plen) {
        if (RtcpPacket.packetType(a, p) != RtcpPacket.RTPFB || RtcpPacket.count(a, p) != RtcpPacket.FMT_NACK) {
            return false;
        }
        context.counters().nackReceived();
        int mediaSsrc = RtcpPacket.mediaSsrc(a, p);
        InboundStream stream = context.stream(mediaSsrc);
        DownStream received = from.downStream(mediaSsrc);
        if (stream == null || stream.isRtx() || stream.publisher() == from || received == null) {
            // About a stream it does not get from someone else: not passed on to a stranger.
            context.counters().dropped(DropReason.FEEDBACK_UNKNOWN_STREAM);
            return true;
        }
        this.from = from;
        this.down = received;
        this.source = received.source();
        this.cache = caches.find(source.ssrc());
        this.now = context.now();
        missCount = 0;
        named = 0;
        for (int i = 0, n = GenericNack.fciCount(plen); i < n; i++) {
            if (named >= RetransmissionSettings.MAX_NACKED_PER_PACKET) {
                context.counters().dropped(DropReason.FEEDBACK_TOO_LARGE);
                break;
            }
            GenericNack.forEachLost(a, p, i, onLost);
        }
        if (missCount > 0) {
            askPublisher();
        }
        this.from = null;
        this.down = null;
        this.source = null;
        this.cache = null;
        return true;
    }

    private void onLost(int receiverSeq) {
        if (++named > RetransmissionSettings.MAX_NACKED_PER_PACKET) {
            return;
        }
        int seq = down.sourceSequence(receiverSeq);
        if (seq < 0) {
            return; // sent from a simulcast layer the receiver has switched away from
        }
        ByteBuf cached = cache == null ? null : cache.get(seq, now);
        if (cached == null) {
            context.counters().cacheMiss();
            misses[missCount++] = seq;
            return;
        }
        DownStream rtxDown = down.rtx();
        int rtxPt = rtxDown == null ? -1 : down.rtxPayloadType(rtxDown,
                RtpPacket.payloadType(cached.array(), cached.arrayOffset() + cached.readerIndex()));
        if (rtxDown != null && rtxPt < 0) {
            // The receiver takes repairs as RTX, but this payload type has no RTX one: sent again as itself, the packet
            // would reuse the SRTP index of the copy the receiver may hold, which its replay check refuses (libwebrtc's
            // sender does not resend such a packet either).
            return;
        }
        if (!down.mayResend(seq, now, RetransmissionSettings.MAX_RESENDS,
                RetransmissionSettings.MIN_RESEND_INTERVAL_NANOS)) {
            return;
        }
        context.retransmit(down, rtxDown, rtxPt, cached);
    }

    /** One NACK to the publisher for the packets the cache lacked, in the source's numbering. */
    private void askPublisher() {
        Leg publisher = source.publisher();
        int len = GenericNack.HEADER_LENGTH + missCount * GenericNack.FCI_LENGTH;
        ByteBuf out = context.rtcpBuffer(len);
        int written = GenericNack.write(out.array(), out.arrayOffset(), publisher.localSsrc(), source.ssrc(), misses,
                missCount);
        context.counters().upstreamNackSent();
        context.sendRtcp(publisher, out, written);
    }
}
