package io.meridian.server.session;

import java.util.regex.Pattern;

/**
 * What the node takes out of a client's offer before negotiating it, for features an operator switched off: with
 * {@code cc.transport-cc=false} the transport-wide sequence number extension and the {@code transport-cc} feedback,
 * so the answer (and every later server offer, which lists only what was negotiated) has neither and a browser falls
 * back to REMB with abs-send-time (draft-alvestrand-rmcat-remb).
 */
final class OfferFilter {
    private static final Pattern TRANSPORT_CC = Pattern.compile(
            "(?m)^a=(extmap:\\d+(/\\w+)? http://www\\.ietf\\.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
                    + "|rtcp-fb:\\S+ +transport-cc) *\\r?\\n");

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
        return dropTransportCc ? TRANSPORT_CC.matcher(offer).replaceAll("") : offer;
    }
}
