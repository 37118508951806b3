package io.meridian.sdp;

/**
 * What {@code a=ssrc:<ssrc> <attr>:<value>} lines say about one SSRC (RFC 5576 §4.1): its CNAME and, when the
 * sender writes it, the msid (RFC 8830 §2) stream and track ids. Missing values are "".
 */
public record SsrcDescription(long ssrc, String cname, String streamId, String trackId) {
}
