package io.meridian.server.session;

import io.meridian.router.cc.CongestionSettings;
import io.meridian.router.retransmit.RetransmissionSettings;
import io.meridian.sdp.Candidate;

import java.time.Duration;
import java.util.List;

/**
 * What the conference manager takes from the node's configuration.
 *
 * @param spreadThreshold participants a conference has before newer ones' RTP is sent by the media loops in turn
 *                        (0 = never)
 * @param retransmission  loss recovery at the node
 * @param congestion      congestion control: transport-cc, feedback interval, probing
 * @param limits          what joins and renegotiations are held to
 */
public record ManagerSettings(String nodeId, String region, List<Candidate> candidates, int handshakeThreads,
                              Duration handshakeTimeout, Duration consentTimeout, int spreadThreshold,
                              RetransmissionSettings retransmission, CongestionSettings congestion,
                              java.util.Set<String> relayAddresses, AdmissionLimits limits) {
    /** Without a TURN relay (every checked address is the client's own) and without counting joins. */
    public ManagerSettings(String nodeId, String region, List<Candidate> candidates, int handshakeThreads,
                           Duration handshakeTimeout, Duration consentTimeout, int spreadThreshold,
                           RetransmissionSettings retransmission, CongestionSettings congestion) {
        this(nodeId, region, candidates, handshakeThreads, handshakeTimeout, consentTimeout, spreadThreshold,
                retransmission, congestion, java.util.Set.of(), AdmissionLimits.UNCOUNTED);
    }
}
