package io.meridian.server.session;

import io.meridian.sdp.Candidate;

import java.time.Duration;
import java.util.List;

/** What the conference manager takes from the node's configuration. */
public record ManagerSettings(String nodeId, String region, List<Candidate> candidates, int handshakeThreads,
                              Duration handshakeTimeout, Duration consentTimeout) {
}
