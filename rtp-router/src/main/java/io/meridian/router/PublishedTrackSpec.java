package io.meridian.router;

/** A track a participant sends, as its SDP announced it: primary SSRC and optional RTX SSRC (0 = none). */
public record PublishedTrackSpec(String trackId, TrackKind kind, int ssrc, int rtxSsrc) {
}
