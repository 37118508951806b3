package io.meridian.client;

import io.meridian.sdp.HeaderExtension;
import io.meridian.sdp.MediaDescription;
import io.meridian.sdp.SessionDescription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The peer's offers and answers, read back with the project's SDP parser. */
class PeerSdpTest {
    private static final String FINGERPRINT = "AB:CD";
    private final PeerIdentity id = PeerIdentity.random("sdp");

    @Test
    void aPublishingOfferSendsAndAnnouncesEverySsrc() throws Exception {
        String offer = PeerSdp.joinOffer(id, FINGERPRINT);

        SessionDescription sdp = SessionDescription.parse(offer);
        assertEquals(List.of("0", "1"), sdp.media().stream().map(m -> m.mid().orElseThrow()).toList());
        sdp.media().forEach(m -> assertEquals("sendrecv", PeerSdp.direction(m)));
        id.ssrcs().forEach(ssrc -> assertTrue(offer.contains("a=ssrc:" + ssrc + " cname:"), "SSRC " + ssrc));
        assertTrue(offer.contains("a=ssrc-group:FID " + id.videoSsrc() + " " + id.rtxSsrc() + "\r\n"));
    }

    @Test
    void aWatchingOfferReceivesOnlyAndAnnouncesNothing() throws Exception {
        String offer = PeerSdp.joinOffer(id, FINGERPRINT, false);

        SessionDescription.parse(offer).media().forEach(m -> assertEquals("recvonly", PeerSdp.direction(m)));
        assertFalse(offer.contains("a=ssrc"));
        assertFalse(offer.contains("a=msid:"));
    }

    @Test
    void aSimulcastOfferNamesItsRidsAndNoVideoSsrc() throws Exception {
        String offer = PeerSdp.joinOffer(id, FINGERPRINT, true, List.of("q", "h", "f"));

        MediaDescription video = SessionDescription.parse(offer).media().get(1);
        assertEquals(List.of("q send", "h send", "f send"), video.attributeValues("rid"));
        assertEquals(List.of("send q;h;f"), video.attributeValues("simulcast"));
        assertEquals(PeerSdp.MID_ID, PeerSdp.extensionId(video, HeaderExtension.MID));
        assertEquals(PeerSdp.RID_ID, PeerSdp.extensionId(video, HeaderExtension.RTP_STREAM_ID));
        assertEquals(PeerSdp.REPAIRED_RID_ID, PeerSdp.extensionId(video, HeaderExtension.REPAIRED_RTP_STREAM_ID));
        assertFalse(offer.contains("a=ssrc:" + id.videoSsrc()), "the node learns the layers' SSRCs from packets");
        assertTrue(offer.contains("a=ssrc:" + id.audioSsrc() + " cname:"));
        assertFalse(PeerSdp.joinOffer(id, FINGERPRINT, false, List.of("q", "h", "f")).contains("a=rid"),
                "a peer that only watches sends no simulcast");
    }

    @Test
    void theAnswerKeepsSendingTheSimulcastTheNodeReceives() throws Exception {
        String serverOffer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 1\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 127.0.0.1\r\na=mid:1\r\na=recvonly\r\na=rtcp-mux\r\n"
                + "a=rtpmap:96 VP8/90000\r\na=rid:q recv\r\na=rid:h recv\r\na=simulcast:recv q;h\r\n";

        MediaDescription video = SessionDescription.parse(PeerSdp.answer(serverOffer, id, FINGERPRINT)).media()
                .get(0);
        assertEquals("sendonly", PeerSdp.direction(video));
        assertEquals(List.of("q send", "h send"), video.attributeValues("rid"));
        assertEquals(List.of("send q;h"), video.attributeValues("simulcast"));
    }

    @Test
    void theAnswerMirrorsDirectionsAndKeepsRejectedLinesRejected() throws Exception {
        String serverOffer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 127.0.0.1\r\na=mid:0\r\na=sendonly\r\na=rtcp-mux\r\n"
                + "a=rtpmap:111 opus/48000/2\r\n"
                + "m=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 127.0.0.1\r\na=mid:1\r\na=rtpmap:96 VP8/90000\r\n";

        String answer = PeerSdp.answer(serverOffer, id, FINGERPRINT);

        List<MediaDescription> media = SessionDescription.parse(answer).media();
        assertEquals("recvonly", PeerSdp.direction(media.get(0)));
        assertEquals("active", media.get(0).attribute("setup").orElseThrow());
        assertEquals(id.ufrag(), media.get(0).attribute("ice-ufrag").orElseThrow());
        assertEquals(0, media.get(1).port());
        assertFalse(PeerSdp.without(answer, "ice-ufrag").contains("a=ice-ufrag"));
    }
}
