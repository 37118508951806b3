package io.meridian.router;

import io.meridian.srtp.SrtpProtector;
import io.netty.util.collection.IntObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * One participant's media state inside a {@link Conference}: what it publishes, what it receives, and its SRTP
 * session once DTLS completes. Touched only on the conference's event loop, so it needs no locks.
 */
public final class Leg {
    final String participantId;
    /** The SSRC the node uses as RTCP sender toward this participant (RFC 3550 §8: chosen at random). */
    final int localSsrc;
    final PacketSender sender;
    final IntObjectHashMap<InboundStream> published = new IntObjectHashMap<>();
    /** Receiver side: publisher SSRC -> binding, for RTCP feedback routing and unsubscribe. */
    final IntObjectHashMap<Binding> bindings = new IntObjectHashMap<>();
    final List<PublishedTrackSpec> tracks = new ArrayList<>();
    SrtpProtector srtp;
    /** From this participant's last receiver report (RFC 3550 §6.4.1): worst block; NaN until one arrives. */
    volatile double reportedFractionLost = Double.NaN;
    volatile double reportedJitterMillis = Double.NaN;
    volatile double roundTripMillis = Double.NaN;
    /** Monotonic time the first RTP packet was forwarded to this participant, 0 until then. */
    volatile long firstForwardNanos;
    long packetsIn;
    long bytesIn;
    long packetsOut;
    long bytesOut;

    Leg(String participantId, int localSsrc, PacketSender sender) {
        this.participantId = participantId;
        this.localSsrc = localSsrc;
        this.sender = sender;
    }

    public String participantId() {
        return participantId;
    }

    public boolean srtpReady() {
        return srtp != null;
    }

    public long firstForwardNanos() {
        return firstForwardNanos;
    }

    public double reportedFractionLost() {
        return reportedFractionLost;
    }

    public double reportedJitterMillis() {
        return reportedJitterMillis;
    }

    public double roundTripMillis() {
        return roundTripMillis;
    }

    public long packetsIn() {
        return packetsIn;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long packetsOut() {
        return packetsOut;
    }

    public long bytesOut() {
        return bytesOut;
    }
}
