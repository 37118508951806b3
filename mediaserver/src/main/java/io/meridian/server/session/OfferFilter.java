package io.meridian.server.session;

import io.meridian.sdp.Attribute;
import io.meridian.sdp.HeaderExtension;
import io.meridian.sdp.MediaDescription;
import io.meridian.sdp.SdpException;
import io.meridian.sdp.SessionDescription;

/**
 * What the node takes out of a client's offer before negotiating it, for features an operator switched off: with
 * {@code cc.transport-cc=false} the transport-wide sequence number extension and the {@code transport-cc} feedback,
 * so the answer (and every later server offer, which lists only what was negotiated) has neither and a browser falls
 * back to REMB with abs-send-time (draft-alvestrand-rmcat-remb). The offer is read by the sdp module, and its
 * attributes judged by the readings the negotiation uses ({@link Attribute#extmapUri}, {@link Attribute#rtcpFeedback}),
 * so no spelling the negotiation takes for transport-cc (a control character after the URI, extra spaces) stays.
 */
final class OfferFilter {
    private static final String TRANSPORT_CC = "transport-cc";

    static final OfferFilter NONE = new OfferFilter(false);
    static final OfferFilter WITHOUT_TRANSPORT_CC = new OfferFilter(true);

    private final boolean dropTransportCc;

    private OfferFilter(boolean dropTransportCc) {
        this.dropTransportCc = dropTransportCc;
    }

    static OfferFilter of(boolean transportCc) {
        return transportCc ? NONE : WITHOUT_TRANSPORT_CC;
    }

    String apply(String offer) {
        if (!dropTransportCc) {
            return offer;
        }
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(offer);
        } catch (SdpException e) {
            return offer; // the negotiation refuses it, for the same reason
        }
        sdp.attributes().removeIf(OfferFilter::transportCc);
        for (MediaDescription media : sdp.media()) {
            media.attributes().removeIf(OfferFilter::transportCc);
        }
        return sdp.toString();
    }

    /** {@code a=extmap:<id> <transport-wide-cc URI>} (RFC 8285 §8), {@code a=rtcp-fb:<pt> transport-cc} (RFC 4585). */
    private static boolean transportCc(Attribute attribute) {
        return attribute.name().equals("extmap") && HeaderExtension.TRANSPORT_WIDE_CC.equals(attribute.extmapUri())
                || attribute.name().equals("rtcp-fb") && TRANSPORT_CC.equals(attribute.rtcpFeedback());
    }
}
