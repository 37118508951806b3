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
    FANOUT_QUEUE_FULL,
    /** A repair (a publisher's RTX) of a packet the node already had, or too old to matter. */
    DUPLICATE,
    /** An RTX packet of padding only (senders probe bandwidth with them): nothing to repair. */
    PADDING_ONLY,
    /** Feedback past what one packet may ask (a NACK naming thousands of packets): the rest is ignored. */
    FEEDBACK_TOO_LARGE,
    /** Feedback about a stream the sender does not receive (another conference's, its own, or none). */
    FEEDBACK_UNKNOWN_STREAM
}
