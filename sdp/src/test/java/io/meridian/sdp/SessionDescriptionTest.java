package io.meridian.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionDescriptionTest {

    @Test
    void chromiumOfferRoundTripsByteForByte() throws SdpException {
        String offer = ChromiumOffers.offer(ChromiumOffers.ALICE);
        SessionDescription parsed = SessionDescription.parse(offer);
        assertEquals(offer, parsed.toString());
        assertEquals(3, parsed.media().size());
        assertEquals(" WMS alice-stream", parsed.attribute("msid-semantic").orElseThrow());
        assertEquals("webrtc-datachannel", parsed.media().get(2).formats().get(0));
    }

    @Test
    void bareLineFeedsAreAcceptedAndWrittenAsCrlf() throws SdpException {
        String offer = ChromiumOffers.offer(ChromiumOffers.ALICE);
        assertEquals(offer, SessionDescription.parse(offer.replace("\r\n", "\n")).toString());
    }

    @Test
    void mediaLevelFieldsAndAttributesStayWithTheirMedia() throws SdpException {
        MediaDescription video = SessionDescription.parse(ChromiumOffers.offer(ChromiumOffers.ALICE)).media().get(1);
        assertEquals("video", video.kind());
        assertEquals(9, video.port());
        assertEquals("1", video.mid().orElseThrow());
        assertEquals("c=IN IP4 0.0.0.0", video.fields().get(0));
        assertTrue(video.hasAttribute("rtcp-mux"));
        assertEquals("FID 2001 2002", video.attribute("ssrc-group").orElseThrow());
    }

    @Test
    void rejectsWhatIsNotSdp() {
        for (String text : new String[] {"", "hello", "{\"sdp\":1}", "v=1\r\nm=audio 9 RTP/AVP 0\r\n",
                "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", "v=0\r\nm=audio x RTP/AVP 0\r\n",
                "v=0\r\nm=audio 9\r\n", "v=0\r\nNOT A LINE\r\nm=audio 9 RTP/AVP 0\r\n"}) {
            SdpException e = assertThrows(SdpException.class, () -> SessionDescription.parse(text), text);
            assertEquals("not_sdp", e.code(), text);
        }
    }
}
