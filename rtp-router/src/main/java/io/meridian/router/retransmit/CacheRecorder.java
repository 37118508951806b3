package io.meridian.router.retransmit;

import io.meridian.router.InboundStream;
import io.meridian.router.PacketInfo;
import io.meridian.router.ReceiveStage;
import io.meridian.router.TrackKind;
import io.meridian.rtp.RtpPacket;

/** Keeps a copy of each primary video packet a publisher sends, for receivers' NACKs. */
final class CacheRecorder implements ReceiveStage {
    private final RetransmitCaches caches;

    CacheRecorder(RetransmitCaches caches) {
        this.caches = caches;
    }

    @Override
    public boolean accept(PacketInfo p) {
        InboundStream stream = p.stream();
        if (stream.kind() == TrackKind.VIDEO && !stream.isRtx()) {
            caches.of(stream).put(RtpPacket.sequence(p.array(), p.offset()), p.array(), p.offset(), p.length(),
                    p.arrivalNanos());
        }
        return true;
    }
}
