package io.meridian.router;

import io.meridian.rtp.RtpPacket;

import java.util.List;

/**
 * The receive stages every leg has, at the head of its chain (after only what must see every packet that arrived,
 * such as transport-cc feedback): a valid RTP header (RFC 3550 §5.1), a stream this leg published, then its
 * reception statistics; and the conference's key-frame retries.
 */
public final class CoreStages implements StageFactory {
    @Override
    public void installOnLeg(Leg leg, RouterContext context, LegStages stages) {
        MediaCounters counters = context.counters();
        stages.receive(CoreStages::headerCheck)
                .receive(p -> streamLookup(p, context))
                .receive(p -> account(p, counters));
    }

    @Override
    public void installOnConference(RouterContext context, List<Periodic> periodic) {
        periodic.add(context.keyframes());
    }

    static boolean headerCheck(PacketInfo p) {
        int h = RtpPacket.headerLength(p.array(), p.offset(), p.length());
        if (h < 0 || !RtpPacket.paddingFits(p.array(), p.offset(), p.length(), h)) {
            // Authentic all the same: its stream's numbering went on (see DownStream#project).
            InboundStream stream = p.length() < RtpPacket.FIXED_HEADER ? null
                    : p.from().published.get(RtpPacket.ssrc(p.array(), p.offset()));
            if (stream != null) {
                stream.advance(RtpPacket.sequence(p.array(), p.offset()));
            }
            return p.drop(DropReason.MALFORMED_RTP);
        }
        p.headerLength(h);
        return true;
    }

    static boolean streamLookup(PacketInfo p, RouterContext context) {
        InboundStream stream = p.from().published.get(RtpPacket.ssrc(p.array(), p.offset()));
        if (stream == null) {
            stream = bindSimulcastLayer(p, context);
        }
        if (stream == null) {
            return p.drop(DropReason.UNKNOWN_SSRC);
        }
        p.stream(stream);
        p.newest(stream.advance(RtpPacket.sequence(p.array(), p.offset())));
        return true;
    }

    /** An unknown SSRC may be a RID-simulcast layer's first packet (RFC 8852): the stream it now is, or null. */
    private static InboundStream bindSimulcastLayer(PacketInfo p, RouterContext context) {
        for (PublishedTrackSpec track : p.from().tracks) {
            InboundStream anchor = track.simulcast() == null ? null : p.from().published.get(track.ssrc());
            InboundStream bound = anchor == null ? null : anchor.simulcast.bind(context, p);
            if (bound != null) {
                return bound;
            }
        }
        return null;
    }

    static boolean account(PacketInfo p, MediaCounters counters) {
        byte[] a = p.array();
        int off = p.offset();
        p.stream().stats.onPacket(RtpPacket.sequence(a, off), RtpPacket.timestamp(a, off), p.arrivalNanos());
        p.from().countIn(p.wireLength());
        counters.received(p.wireLength());
        return true;
    }
}
