package io.meridian.server.session;

import io.meridian.router.Feature;
import io.meridian.router.Negotiated;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code cc.transport-cc=false}: the node takes transport-cc out of clients' offers, so REMB is what remains. */
class OfferFilterTest {
    private static final String OFFER = """
            v=0\r
            m=video 9 UDP/TLS/RTP/SAVPF 96 97\r
            a=mid:1\r
            a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r
            a=extmap:5/sendrecv http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r
            a=rtpmap:96 VP8/90000\r
            a=rtcp-fb:96 goog-remb\r
            a=rtcp-fb:96 transport-cc\r
            a=rtcp-fb:96 nack\r
            a=rtpmap:97 rtx/90000\r
            a=rtcp-fb:97  transport-cc\r
            a=fmtp:97 apt=96\r
            """;

    @Test
    void switchedOffTransportCcLeavesRembAndEverythingElse() {
        String filtered = OfferFilter.of(false).apply(OFFER);
        assertFalse(filtered.contains("transport-cc"), filtered);
        assertFalse(filtered.contains("transport-wide-cc"), filtered);
        assertEquals(OFFER.lines().count() - 3, filtered.lines().count(), "only those three lines go");
        assertEquals(new Negotiated(EnumSet.of(Feature.NACK, Feature.REMB), 0, 2), NegotiatedFeatures.of(filtered));
    }

    @Test
    void spellingsTheNegotiationReadsAsTransportCcGoToo() {
        String offer = OFFER.replace("extensions-01\r", "extensions-01\u0001\r")
                .replace("a=rtcp-fb:96 transport-cc", "a=rtcp-fb:96  \u0001transport-cc");
        String filtered = OfferFilter.of(false).apply(offer);
        assertFalse(filtered.contains("transport-cc"), filtered);
        assertFalse(filtered.contains("transport-wide-cc"), filtered);
    }

    @Test
    void byDefaultTheOfferIsUntouched() {
        assertEquals(OFFER, OfferFilter.of(true).apply(OFFER));
    }
}
