package io.meridian.router;

/**
 * A track a participant sends, as its SDP announced it: primary SSRC, optional RTX SSRC (0 = none), and which RTX
 * payload type repairs which primary one (RFC 4588 §8.6, {@code apt}).
 */
public record PublishedTrackSpec(String trackId, TrackKind kind, int ssrc, int rtxSsrc, RtxPayloadTypes rtxTypes) {
    /** A track whose RTX payload types are not known (the node then cannot take its RTX apart). */
    public PublishedTrackSpec(String trackId, TrackKind kind, int ssrc, int rtxSsrc) {
        this(trackId, kind, ssrc, rtxSsrc, RtxPayloadTypes.NONE);
    }
}
