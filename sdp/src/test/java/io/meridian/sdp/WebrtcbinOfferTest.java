package io.meridian.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A GStreamer webrtcbin participant: its max-bundle offer marks the audio m-line bundle-only with port 0. */
class WebrtcbinOfferTest {
    private static final String OFFER = WebrtcbinOffers.joinOffer();
    private static final String AUDIO_SECTION = OFFER.substring(OFFER.indexOf("m=audio"));

    private final ParticipantNegotiation gst;
    private final SessionDescription answer;

    WebrtcbinOfferTest() throws SdpException {
        gst = ParticipantNegotiation.fromOffer(OFFER, JoinAnswerTest.LOCAL);
        answer = SessionDescription.parse(gst.answerSdp());
    }

    @Test
    void bundleOnlyAudioIsAnsweredInsideTheBundleWithTheBundlePort() {
        assertEquals("BUNDLE video0 audio1", answer.attribute("group").orElseThrow());
        assertEquals(List.of("video0", "audio1"), answer.media().stream().map(m -> m.mid().orElseThrow()).toList());
        for (MediaDescription m : answer.media()) {
            // RFC 9143 §7.3: the answer gives every bundled m-line the BUNDLE port, bundle-only ones included.
            assertEquals(9, m.port(), m.mid().orElseThrow());
            assertFalse(m.hasAttribute("bundle-only"));
            assertTrue(m.hasAttribute("recvonly"));
            assertEquals("passive", m.attribute("setup").orElseThrow());
            assertEquals(2, m.attributeValues("candidate").size());
        }
        MediaDescription audio = answer.media().get(1);
        assertEquals(List.of("97"), audio.formats());
        assertEquals("97 OPUS/48000/2", audio.attribute("rtpmap").orElseThrow());
        assertEquals("97 sprop-maxcapturerate=48000;sprop-stereo=0", audio.attribute("fmtp").orElseThrow());
        assertEquals(List.of("1 " + HeaderExtension.TRANSPORT_WIDE_CC), audio.attributeValues("extmap"),
                "transport-cc is negotiated for what it publishes");
        assertEquals(List.of("97 transport-cc"), audio.attributeValues("rtcp-fb"));
        assertEquals(List.of("96", "98"), answer.media().get(0).formats());
    }

    @Test
    void itsAudioAndVideoArePublishedBySsrc() {
        List<PublishedTrack> tracks = gst.publishedTracks();
        assertEquals(2, tracks.size());
        PublishedTrack video = tracks.get(0);
        assertEquals("video0", video.mid());
        assertEquals(WebrtcbinOffers.VIDEO_SSRC, video.primarySsrc());
        assertEquals(WebrtcbinOffers.RTX_SSRC, video.rtxSsrc());
        assertEquals("webrtctransceiver0", video.trackId());
        assertEquals(List.of("nack", "nack pli", "ccm fir", "transport-cc"), video.codecs().get(0).rtcpFbs());

        PublishedTrack audio = tracks.get(1);
        assertEquals("audio", audio.kind());
        assertEquals("audio1", audio.mid());
        assertEquals(WebrtcbinOffers.AUDIO_SSRC, audio.primarySsrc());
        assertEquals(0, audio.rtxSsrc());
        assertEquals("webrtctransceiver1", audio.trackId());
        assertEquals(WebrtcbinOffers.CNAME, audio.streamId());
        assertEquals(WebrtcbinOffers.CNAME, audio.cname());
    }

    @Test
    void aBrowserReceivesItsAudioInItsOwnPayloadType() throws SdpException {
        ParticipantNegotiation chromium = ParticipantNegotiation.fromOffer(ChromiumOffers.offer(ChromiumOffers.ALICE),
                JoinAnswerTest.LOCAL);
        TrackMapping audio = chromium.addRemoteTrack("gst", gst.publishedTracks().get(1));
        assertEquals(WebrtcbinOffers.AUDIO_SSRC, audio.primarySsrc());
        assertEquals(111, audio.receiverPayloadType(97));
    }

    @Test
    void aBundleOnlyLineMayLeaveRtcpMuxToTheTaggedLine() throws SdpException {
        String audioWithoutMux = OFFER.replace(AUDIO_SECTION, AUDIO_SECTION.replace("a=rtcp-mux\r\n", ""));
        assertTrue(ClientOffer.parse(audioWithoutMux).media().get(1).accepted());
        String tagWithoutMux = audioWithoutMux.replace("a=rtcp-mux\r\n", "");
        assertEquals("not_bundled", assertThrows(SdpException.class, () -> ClientOffer.parse(tagWithoutMux)).code());
    }

    @Test
    void portZeroWithoutBundleOnlyOrOutsideTheGroupStillMeansStopped() throws SdpException {
        for (String stopped : new String[] {OFFER.replace("a=bundle-only\r\n", ""),
                OFFER.replace("a=group:BUNDLE video0 audio1", "a=group:BUNDLE video0")}) {
            ParticipantNegotiation negotiation = ParticipantNegotiation.fromOffer(stopped, JoinAnswerTest.LOCAL);
            SessionDescription stoppedAnswer = SessionDescription.parse(negotiation.answerSdp());
            assertEquals("BUNDLE video0", stoppedAnswer.attribute("group").orElseThrow());
            assertEquals(0, stoppedAnswer.media().get(1).port());
            assertEquals(List.of(WebrtcbinOffers.VIDEO_SSRC),
                    negotiation.publishedTracks().stream().map(PublishedTrack::primarySsrc).toList());
        }
    }

    @Test
    void aBundleOnlyLineNeverCarriesTheTransport() {
        String allBundleOnly = OFFER.replace("m=video 9 ", "m=video 0 ")
                .replace("a=ice-pwd:" + WebrtcbinOffers.PWD + "\r\na=rtcp-mux",
                        "a=ice-pwd:" + WebrtcbinOffers.PWD + "\r\na=bundle-only\r\na=rtcp-mux");
        assertEquals(2, allBundleOnly.split("a=bundle-only", -1).length - 1);
        assertEquals("not_bundled", assertThrows(SdpException.class, () -> ClientOffer.parse(allBundleOnly)).code());
    }
}
