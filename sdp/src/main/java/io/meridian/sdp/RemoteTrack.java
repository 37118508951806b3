package io.meridian.sdp;

import java.util.List;

/**
 * Another participant's track as one receiver gets it: the receiver's codec and extension entries (its numbers)
 * and the mapping the router applies to each forwarded packet.
 */
record RemoteTrack(String publisherParticipantId, PublishedTrack track, TrackMapping mapping,
        List<Codec> receiverCodecs, List<HeaderExtension> receiverExtensions) {

    boolean is(String publisherId, String trackId) {
        return publisherParticipantId.equals(publisherId) && track.trackId().equals(trackId);
    }

    /** Whether the receiver gets an rtx stream: some forwarded codec has an rtx format on both sides. */
    boolean forwardsRtx() {
        return track.rtxSsrc() != 0 && receiverCodecs.stream().anyMatch(Codec::hasRtx);
    }
}
