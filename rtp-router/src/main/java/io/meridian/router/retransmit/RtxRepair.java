package io.meridian.router.retransmit;

import io.meridian.router.DropReason;
import io.meridian.router.InboundStream;
import io.meridian.router.MediaCounters;
import io.meridian.router.PacketInfo;
import io.meridian.router.ReceiveStage;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.Rtx;

/**
 * Takes a publisher's RTX packet (RFC 4588 §4) back into the stream it repairs: OSN stripped, SSRC and payload type
 * restored, so every receiver gets the recovered packet once, as part of the original stream, and none gets the
 * publisher's RTX stream itself. A repair of a packet the node already has is a duplicate and goes no further.
 */
final class RtxRepair implements ReceiveStage {
    private final RetransmitCaches caches;
    private final MediaCounters counters;

    RtxRepair(RetransmitCaches caches, MediaCounters counters) {
        this.caches = caches;
        this.counters = counters;
    }

    @Override
    public boolean accept(PacketInfo p) {
        InboundStream rtx = p.stream();
        if (!rtx.isRtx()) {
            return true;
        }
        InboundStream primary = rtx.primary();
        byte[] a = p.array();
        int off = p.offset();
        int primaryPt = rtx.rtxTypes().primaryOf(RtpPacket.payloadType(a, off));
        if (primary == null || primaryPt < 0) {
            return p.skip(); // an RTX payload type nobody declared: nothing it could be turned back into
        }
        int len = Rtx.unwrap(a, off, p.length(), p.headerLength(), primary.ssrc(), primaryPt);
        if (len < 0) {
            return p.drop(DropReason.PADDING_ONLY);
        }
        int seq = RtpPacket.sequence(a, off);
        PacketCache cache = caches.find(primary.ssrc());
        if (cache != null && (cache.holds(seq) || cache.tooOld(seq))) {
            return p.drop(DropReason.DUPLICATE);
        }
        p.length(len);
        p.repairedAs(primary);
        counters.repaired();
        return true;
    }
}
