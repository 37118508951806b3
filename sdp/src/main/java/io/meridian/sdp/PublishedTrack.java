package io.meridian.sdp;

import java.util.List;

/**
 * A track a client sends to the SFU, as negotiated: the codecs and header extensions with the publisher's own
 * payload types and ids, and the SSRCs the router demultiplexes it by.
 *
 * @param trackId  the msid track id (RFC 8830 §2), or {@code "mid-<mid>"} when the client did not signal one
 * @param streamId the msid stream id, "" when none (msid "-")
 * @param rtxSsrc  the rtx SSRC from {@code a=ssrc-group:FID}, 0 when none
 */
public record PublishedTrack(String kind, String mid, String trackId, String streamId, long primarySsrc,
        long rtxSsrc, String cname, List<Codec> codecs, List<HeaderExtension> extensions) {

    public PublishedTrack {
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
    }

    /** Whether the router needs no change going from one to the other: same track, SSRCs, codecs, extensions. */
    static boolean sameSourceOrBothNull(PublishedTrack a, PublishedTrack b) {
        return a == null ? b == null : a.equals(b);
    }
}
