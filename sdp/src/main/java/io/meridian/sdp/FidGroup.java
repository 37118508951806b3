package io.meridian.sdp;

/** {@code a=ssrc-group:FID <primary> <rtx>} (RFC 5576 §4.2, RFC 4588 §8.7): the rtx stream of a primary SSRC. */
public record FidGroup(long primarySsrc, long rtxSsrc) {
}
