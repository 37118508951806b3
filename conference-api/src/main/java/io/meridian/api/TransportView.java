package io.meridian.api;

/**
 * A participant's transport as the node sees it. Loss and jitter are what the participant reported in its last
 * RTCP receiver report about the media the node sends it (RFC 3550 §6.4.1); round-trip time comes from the same
 * report's LSR/DLSR against the sender reports the node issued. Null where nothing was measured yet.
 *
 * @param iceState         new, checking (a check passed), connected (a pair was nominated)
 * @param dtlsState        new, connecting, connected, failed
 * @param srtpProfile      the negotiated SRTP protection profile (RFC 5764 §4.1.2), once DTLS completed
 * @param transport        how the participant reaches the node: udp, tcp (ICE-TCP), or relay (its checks come from
 *                         the TURN relay's address); null before a check passed
 * @param fractionLost     0..1, from the last receiver report
 * @param jitterMillis     interarrival jitter in milliseconds, from the last receiver report
 * @param roundTripMillis  round-trip time in milliseconds
 * @param estimatedBitrate the node's estimate of what the participant's downlink takes now, bits per second, from its
 *                         transport-cc feedback (draft-ietf-rmcat-gcc-02, send side); null without transport-cc
 */
public record TransportView(String iceState, String dtlsState, String srtpProfile, String remoteAddress,
                            String transport,
                            long packetsIn, long bytesIn, long packetsOut, long bytesOut,
                            Double fractionLost, Double jitterMillis, Double roundTripMillis, Long estimatedBitrate) {
}
