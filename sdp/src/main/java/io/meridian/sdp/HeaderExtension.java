package io.meridian.sdp;

/**
 * A negotiated RTP header extension, {@code a=extmap:<id> <uri>} (RFC 8285 §8). Only ids 1-14 are negotiated,
 * the one-byte header range (RFC 8285 §4.2), so a forwarder's map needs 16 entries.
 */
public record HeaderExtension(int id, String uri) {
    public static final int MAX_ONE_BYTE_ID = 14;
    /** The transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2.3). */
    /** RFC 8843 §15: the m-line's mid. */
    public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** RFC 8852 §3: a simulcast layer's rid, and (repaired) the rid an RTX packet repairs. */
    public static final String RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String REPAIRED_RTP_STREAM_ID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public static final String TRANSPORT_WIDE_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    public Attribute attribute() {
        return Attribute.of("extmap", id + " " + uri);
    }
}
