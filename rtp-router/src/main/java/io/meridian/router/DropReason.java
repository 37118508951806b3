package io.meridian.router;

/** Why the media path dropped a packet; each has a counter in {@link MediaCounters}. */
public enum DropReason {
    SRTP_NOT_READY,
    SRTP_AUTH_FAILED,
    SRTP_REPLAYED,
    SRTP_MALFORMED,
    MALFORMED_RTP,
    MALFORMED_RTCP,
    UNKNOWN_SSRC,
    RECEIVER_NOT_READY,
    /** Another media loop's share of a spread fan-out could not take the packet: that loop is overloaded. */
    FANOUT_QUEUE_FULL
}
