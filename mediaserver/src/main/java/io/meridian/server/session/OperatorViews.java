package io.meridian.server.session;

import io.meridian.api.ConferenceView;
import io.meridian.api.ParticipantView;
import io.meridian.api.TransportView;
import io.meridian.router.Leg;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Operator views of conferences and participants. Media counters are read from the media loop's fields without
 * synchronisation: a view may be a few packets stale, never torn.
 */
final class OperatorViews {
    private OperatorViews() {
    }

    /** The transports a participant's checked address can be reached over (the metric's labels). */
    static final List<String> TRANSPORTS = List.of("udp", "tcp", "relay");

    static ConferenceView conference(ConferenceSession conference, String nodeId, java.util.Set<String> relays) {
        synchronized (conference) {
            List<ParticipantView> participants = new ArrayList<>();
            for (ParticipantSession p : conference.participants.values()) {
                participants.add(participant(p, relays));
            }
            return new ConferenceView(conference.id, conference.region, nodeId, conference.createdAt, participants,
                    conference.lastN, conference.dominantSpeaker);
        }
    }

    /**
     * How {@code p} reaches the node: "tcp" over an ICE-TCP connection, "relay" when its checks come from one of the
     * TURN relay's addresses, else "udp"; null before any check passed.
     */
    static String transport(ParticipantSession p, java.util.Set<String> relays) {
        InetSocketAddress remote = p.remoteAddress();
        if (remote == null) {
            return null;
        }
        if (p.overTcp()) {
            return "tcp";
        }
        return relays.contains(remote.getAddress().getHostAddress()) ? "relay" : "udp";
    }

    static ParticipantView participant(ParticipantSession p, java.util.Set<String> relays) {
        Leg leg = p.leg;
        ParticipantSession.Reception reception = p.reception;
        InetSocketAddress remote = p.remoteAddress();
        TransportView transport = new TransportView(p.iceState, p.dtlsState, p.srtpProfile,
                remote == null ? null : remote.getAddress().getHostAddress() + ":" + remote.getPort(),
                transport(p, relays),
                leg == null ? 0 : leg.packetsIn(), leg == null ? 0 : leg.bytesIn(),
                leg == null ? 0 : leg.packetsOut(), leg == null ? 0 : leg.bytesOut(),
                measured(reception == null ? Double.NaN : reception.fractionLost()),
                measured(reception == null ? Double.NaN : reception.jitterMillis()),
                measured(reception == null ? Double.NaN : reception.roundTripMillis()),
                p.estimatedBitrate == 0 ? null : p.estimatedBitrate);
        return new ParticipantView(p.id, p.displayName, p.identity, p.joinedAt, transport);
    }

    private static Double measured(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
