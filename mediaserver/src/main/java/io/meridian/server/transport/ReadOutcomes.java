package io.meridian.server.transport;

import io.meridian.server.ice.StunStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What became of every packet the node read (each UDP datagram and each ICE-TCP frame), each counted once: a STUN
 * message by the ICE-lite responder's verdict, DTLS or media given to the participant whose checked address (or
 * connection) it came from, or one of the reasons it was dropped before that. What the media path later does with
 * a packet (SRTP failures, unknown SSRCs) is its own count ({@code meridian_media_packets_dropped_total}). Read when
 * scraped; the sum over all outcomes equals {@link #packetsRead}.
 */
public final class ReadOutcomes {
    private ReadOutcomes() {
    }

    /** Datagrams and frames read, all loops. */
    public static long packetsRead(List<MediaLoop> loops) {
        long read = 0;
        for (MediaLoop loop : loops) {
            read += loop.counters().datagramsRead() + loop.counters().tcpFramesRead();
        }
        return read;
    }

    /** Outcome label (as the metric names it) to packets, all loops. */
    public static Map<String, Long> of(List<MediaLoop> loops, TransportCounters transport) {
        Map<String, Long> out = new LinkedHashMap<>();
        long dtls = 0;
        long media = 0;
        long handoffDropped = 0;
        for (MediaLoop loop : loops) {
            dtls += loop.counters().dtlsDelivered();
            media += loop.counters().mediaDelivered();
            handoffDropped += loop.counters().handoffDropped();
        }
        out.put("media", media);
        out.put("dtls", dtls);
        for (StunStatus status : StunStatus.values()) {
            out.put("stun_" + status.name().toLowerCase(Locale.ROOT), transport.stun(status));
        }
        out.put("unverified_source", transport.unverifiedSource());
        out.put("unknown_kind", transport.unknownKind());
        out.put("oversized", transport.oversized());
        out.put("handoff_dropped", handoffDropped);
        return out;
    }
}
