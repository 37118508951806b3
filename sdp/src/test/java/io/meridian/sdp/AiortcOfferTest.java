package io.meridian.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An aiortc participant (AiortcOffers): what it publishes, and what it can parse of what it is sent. */
class AiortcOfferTest {
    private static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    private static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    @Test
    void itsTracksArePublishedBySsrcUnderItsMsid() throws SdpException {
        ParticipantNegotiation aiortc = ParticipantNegotiation.fromOffer(AiortcOffers.publishingOffer(),
                JoinAnswerTest.LOCAL);
        assertEquals(AiortcOffers.UFRAG, aiortc.remoteIce().ufrag(), "the BUNDLE tag's credentials");
        List<PublishedTrack> tracks = aiortc.publishedTracks();
        assertEquals(2, tracks.size());
        PublishedTrack audio = tracks.get(0);
        assertEquals(AiortcOffers.AUDIO_SSRC, audio.primarySsrc());
        assertEquals(AiortcOffers.AUDIO_TRACK, audio.trackId());
        assertEquals(AiortcOffers.STREAM, audio.streamId());
        assertEquals(AiortcOffers.CNAME, audio.cname());
        assertEquals(List.of(new HeaderExtension(2, AUDIO_LEVEL)), audio.extensions(), "mid is never negotiated");
        PublishedTrack video = tracks.get(1);
        assertEquals(AiortcOffers.VIDEO_SSRC, video.primarySsrc());
        assertEquals(AiortcOffers.RTX_SSRC, video.rtxSsrc());
        assertEquals("VP8", video.codecs().get(0).name());
        assertEquals(List.of(new HeaderExtension(2, ABS_SEND_TIME)), video.extensions());

        SessionDescription answer = SessionDescription.parse(aiortc.answerSdp());
        assertEquals("BUNDLE 0 1", answer.attribute("group").orElseThrow());
        assertEquals(List.of("96"), answer.media().get(0).formats());
        assertEquals(List.of("97", "98", "99", "100", "101", "102"), answer.media().get(1).formats());
    }

    /**
     * Symptom without the rule: the node forwarded a browser's audio level (one byte) to aiortc under id 2, aiortc
     * read it as abs-send-time (three bytes), its parser threw and its DTLS transport closed: no media either way.
     */
    @Test
    void noExtensionItIsSentUsesAnIdItGaveTwoMeanings() throws SdpException {
        for (String offer : List.of(AiortcOffers.publishingOffer(), AiortcOffers.receivingOffer())) {
            ParticipantNegotiation aiortc = ParticipantNegotiation.fromOffer(offer, JoinAnswerTest.LOCAL);
            ParticipantNegotiation chromium = ParticipantNegotiation.fromOffer(
                    ChromiumOffers.offer(ChromiumOffers.ALICE), JoinAnswerTest.LOCAL);
            List<TrackMapping> mappings = chromium.publishedTracks().stream()
                    .map(track -> aiortc.addRemoteTrack("alice", track)).toList();
            SessionDescription sdp = SessionDescription.parse(aiortc.createOffer().orElseThrow().sdp());

            Map<String, String> idByUri = new HashMap<>();
            Map<String, String> uriById = new HashMap<>();
            for (MediaDescription m : sdp.media().subList(2, sdp.media().size())) {
                for (String extmap : m.attributeValues("extmap")) {
                    String[] idAndUri = extmap.split(" ");
                    assertNotEquals(String.valueOf(AiortcOffers.AMBIGUOUS_ID), idAndUri[0], extmap);
                    assertEquals(idAndUri[0], idByUri.computeIfAbsent(idAndUri[1], u -> idAndUri[0]), extmap);
                    assertEquals(idAndUri[1], uriById.computeIfAbsent(idAndUri[0], i -> idAndUri[1]), extmap);
                }
            }
            assertTrue(idByUri.containsKey(AUDIO_LEVEL) && idByUri.containsKey(ABS_SEND_TIME),
                    "both are still forwarded, under ids of their own: " + idByUri);
            TrackMapping audio = mappings.get(0);
            assertEquals(Integer.parseInt(idByUri.get(AUDIO_LEVEL)), audio.receiverExtensionId(1),
                    "Chromium's audio level (its id 1) is rewritten to the id the offer names");
        }
    }
}
