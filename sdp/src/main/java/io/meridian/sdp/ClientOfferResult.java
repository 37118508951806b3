package io.meridian.sdp;

import java.util.List;

/**
 * The outcome of a client offer: the answer to send back and what changed for the router.
 *
 * @param added                client tracks to start routing (a changed SSRC or codec set counts as removed and
 *                             added again, so the router never keeps a stale demultiplexing entry)
 * @param removed              client tracks to stop routing
 * @param declinedRemoteTracks other participants' tracks this client no longer accepts (it stopped or set the
 *                             m-line not to receive); forwarding them is wasted
 */
public record ClientOfferResult(int revision, String answerSdp, List<PublishedTrack> added,
        List<PublishedTrack> removed, List<TrackMapping> declinedRemoteTracks) {

    public ClientOfferResult {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        declinedRemoteTracks = List.copyOf(declinedRemoteTracks);
    }
}
