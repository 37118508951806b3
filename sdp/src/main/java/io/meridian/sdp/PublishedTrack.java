package io.meridian.sdp;

import java.util.List;

/**
 * A track a client sends to the SFU, as negotiated: the codecs and header extensions with the publisher's own
 * payload types and ids, and the SSRCs the router demultiplexes it by.
 *
 * @param trackId  the msid track id (RFC 8830 §2), or {@code "mid-<mid>"} when the client did not signal one
 * @param streamId the msid stream id, "" when none (msid "-")
 * @param primarySsrc the SSRC receivers see: the publisher's, or for simulcast one the node chose for the track
 * @param rtxSsrc    the rtx SSRC from {@code a=ssrc-group:FID} (for simulcast the node's), 0 when none
 * @param simulcast  the publisher's layers, or null when it sends one stream
 */
public record PublishedTrack(String kind, String mid, String trackId, String streamId, long primarySsrc,
        long rtxSsrc, String cname, List<Codec> codecs, List<HeaderExtension> extensions,
        SimulcastOffer simulcast) {

    public PublishedTrack {
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
    }

    /** A track without simulcast. */
    public PublishedTrack(String kind, String mid, String trackId, String streamId, long primarySsrc, long rtxSsrc,
            String cname, List<Codec> codecs, List<HeaderExtension> extensions) {
        this(kind, mid, trackId, streamId, primarySsrc, rtxSsrc, cname, codecs, extensions, null);
    }

    /** The extension id the publisher negotiated for {@code uri}, or 0. */
    public int extensionId(String uri) {
        return extensions.stream().filter(e -> e.uri().equals(uri)).mapToInt(HeaderExtension::id).findFirst()
                .orElse(0);
    }

    /** The same track under the SSRCs receivers see (a simulcast track keeps its SSRCs across re-offers). */
    PublishedTrack withReceiverSsrcs(long primary, long rtx) {
        return new PublishedTrack(kind, mid, trackId, streamId, primary, rtx, cname, codecs, extensions, simulcast);
    }

    /** Whether the router needs no change going from one to the other: same track, SSRCs, codecs, extensions. */
    static boolean sameSourceOrBothNull(PublishedTrack a, PublishedTrack b) {
        return a == null ? b == null : a.equals(b);
    }
}
