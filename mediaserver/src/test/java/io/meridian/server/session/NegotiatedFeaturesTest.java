package io.meridian.server.session;

import io.meridian.router.Feature;
import io.meridian.router.Negotiated;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the router is told a participant negotiated, read from the node's answer. */
class NegotiatedFeaturesTest {
    private static final String VIDEO = """
            m=video 9 UDP/TLS/RTP/SAVPF 96 97\r
            a=mid:1\r
            a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r
            a=extmap:5 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r
            a=recvonly\r
            a=rtpmap:96 VP8/90000\r
            a=rtcp-fb:96 goog-remb\r
            a=rtcp-fb:96 transport-cc\r
            a=rtcp-fb:96 ccm  fir\r
            a=rtcp-fb:96 nack\r
            a=rtpmap:97 rtx/90000\r
            a=fmtp:97 apt=96\r
            """;

    @Test
    void feedbackAndTheIdsOfTheExtensionsItReads() {
        assertEquals(new Negotiated(EnumSet.of(Feature.NACK, Feature.FIR, Feature.TRANSPORT_CC, Feature.REMB), 5, 2),
                NegotiatedFeatures.of(VIDEO));
    }

    @Test
    void feedbackWithoutItsExtensionIsNotNegotiated() {
        String withoutExtension = VIDEO.replaceAll("a=extmap:5 [^\r]*\r\n", "");
        assertEquals(new Negotiated(EnumSet.of(Feature.NACK, Feature.FIR, Feature.REMB), 0, 2),
                NegotiatedFeatures.of(withoutExtension));
        String withoutFeedback = VIDEO.replace("a=rtcp-fb:96 transport-cc\r\n", "");
        assertEquals(new Negotiated(EnumSet.of(Feature.NACK, Feature.FIR, Feature.REMB), 5, 2),
                NegotiatedFeatures.of(withoutFeedback));
        String withoutSendTimes = VIDEO.replaceAll("a=extmap:2 [^\r]*\r\n", "");
        assertEquals(new Negotiated(EnumSet.of(Feature.NACK, Feature.FIR, Feature.TRANSPORT_CC), 5, 0),
                NegotiatedFeatures.of(withoutSendTimes), "REMB's estimate needs abs-send-time");
    }
}
