package io.meridian.sdp;

import java.util.List;

/**
 * The outcome of a client's answer to a server offer.
 *
 * @param declinedRemoteTracks tracks the client refused (m-line rejected or answered without receiving)
 * @param removed              client tracks whose m-line the client rejected in its answer
 */
public record AnswerResult(List<TrackMapping> declinedRemoteTracks, List<PublishedTrack> removed) {

    public AnswerResult {
        declinedRemoteTracks = List.copyOf(declinedRemoteTracks);
        removed = List.copyOf(removed);
    }
}
