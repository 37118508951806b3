package io.meridian.router;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a participant's SDP negotiated that changes the node's media path: stage factories install their stages on a
 * leg only for the features it has (RFC 4585 §4.2: feedback that was not negotiated is neither sent nor honoured).
 */
public enum Feature {
    /** {@code a=rtcp-fb:* nack}: Generic NACK (RFC 4585 §6.2.1). */
    NACK("nack"),
    /** {@code a=rtcp-fb:* nack pli}: Picture Loss Indication (RFC 4585 §6.3.1). */
    PLI("nack pli"),
    /** {@code a=rtcp-fb:* ccm fir}: Full Intra Request (RFC 5104 §4.3.1). */
    FIR("ccm fir"),
    /**
     * {@code a=rtcp-fb:* transport-cc}: transport-wide congestion control feedback
     * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3); needs {@link Negotiated#transportSequenceId}.
     */
    TRANSPORT_CC("transport-cc"),
    /**
     * {@code a=rtcp-fb:* goog-remb}: Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb-03), the node's
     * estimate of a publisher's uplink, for clients without transport-cc; needs {@link Negotiated#absSendTimeId}.
     */
    REMB("goog-remb");

    private final String rtcpFb;

    Feature(String rtcpFb) {
        this.rtcpFb = rtcpFb;
    }

    /** The {@code a=rtcp-fb} value (after the payload type, spaces collapsed) that negotiates this feature. */
    public String rtcpFb() {
        return rtcpFb;
    }

    /** The features an {@code a=rtcp-fb} value names (none for feedback the node does not act on). */
    public static Set<Feature> ofRtcpFb(String value) {
        Set<Feature> out = EnumSet.noneOf(Feature.class);
        for (Feature f : values()) {
            if (f.rtcpFb.equals(value)) {
                out.add(f);
            }
        }
        return out;
    }
}
