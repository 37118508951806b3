package io.meridian.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01) is negotiated both ways: for
 * what a client publishes (the node reads its sequence numbers and sends it feedback) and on what it receives (the
 * node numbers what it sends it, in the receiver's own id, and reads its feedback).
 */
class TransportCcNegotiationTest {
    private static final String EXTMAP = "3 " + HeaderExtension.TRANSPORT_WIDE_CC;

    private final ChromiumPeer alicePeer = new ChromiumPeer(ChromiumOffers.ALICE);
    private final ParticipantNegotiation alice;
    private final ParticipantNegotiation bob;

    TransportCcNegotiationTest() throws SdpException {
        alice = ParticipantNegotiation.fromOffer(alicePeer.joinOffer(), JoinAnswerTest.LOCAL);
        bob = ParticipantNegotiation.fromOffer(ChromiumOffers.offer(ChromiumOffers.BOB), JoinAnswerTest.LOCAL);
    }

    private static boolean mentionsTransportCc(MediaDescription m) {
        return m.attributeValues("rtcp-fb").stream().anyMatch(fb -> fb.endsWith(" transport-cc"))
                || m.attributeValues("extmap").stream().anyMatch(e -> e.contains("transport-wide-cc"));
    }

    @Test
    void theJoinAnswerCarriesTheExtensionAndTheFeedbackOnThePublishersLines() throws SdpException {
        SessionDescription answer = SessionDescription.parse(alice.answerSdp());
        MediaDescription audio = answer.media().get(0);
        MediaDescription video = answer.media().get(1);
        assertTrue(audio.attributeValues("extmap").contains(EXTMAP));
        assertTrue(video.attributeValues("extmap").contains(EXTMAP));
        assertEquals(List.of("111 transport-cc"), audio.attributeValues("rtcp-fb"), "opus; not telephone-event");
        for (String pt : List.of("96", "98", "100", "45", "102", "106", "39")) {
            assertTrue(video.attributeValues("rtcp-fb").contains(pt + " transport-cc"), pt);
        }
        assertTrue(alice.publishedTracks().get(1).extensions()
                .contains(new HeaderExtension(3, HeaderExtension.TRANSPORT_WIDE_CC)), "the id its packets carry");
    }

    @Test
    void theServerOfferToAReceiverCarriesBothInTheReceiversOwnId() throws SdpException {
        TrackMapping audioMap = alice.addRemoteTrack("bob", bob.publishedTracks().get(0));
        TrackMapping videoMap = alice.addRemoteTrack("bob", bob.publishedTracks().get(1));
        Offer serverOffer = alice.createOffer().orElseThrow();
        SessionDescription offer = SessionDescription.parse(serverOffer.sdp());
        for (MediaDescription received : offer.media().subList(3, 5)) {
            assertTrue(received.hasAttribute("sendonly"));
            assertTrue(received.attributeValues("extmap").contains(EXTMAP), received.toString());
        }
        assertTrue(offer.media().get(4).attributeValues("rtcp-fb").containsAll(List.of("96 nack", "96 transport-cc")));
        assertTrue(mentionsTransportCc(offer.media().get(0)) && mentionsTransportCc(offer.media().get(1)),
                "Alice's own lines keep transport-cc");
        assertEquals(3, audioMap.receiverExtensionId(3), "Bob's element reaches Alice under her id, renumbered");
        assertEquals(3, videoMap.receiverExtensionId(3));
        alice.applyAnswer(serverOffer.revision(), alicePeer.answer(serverOffer.sdp()));
    }

    @Test
    void aReceiverGivenThePublishersOwnCodecGetsItWithTransportCc() throws SdpException {
        String full = ChromiumOffers.offer(ChromiumOffers.ALICE);
        String audioOnly = full.substring(0, full.indexOf("m=video")).replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0");
        ParticipantNegotiation listener = ParticipantNegotiation.fromOffer(audioOnly, JoinAnswerTest.LOCAL);
        listener.addRemoteTrack("bob", bob.publishedTracks().get(1));
        MediaDescription video = SessionDescription.parse(listener.createOffer().orElseThrow().sdp()).media().get(1);
        assertEquals("video", video.kind());
        assertTrue(mentionsTransportCc(video), video.toString());
        assertTrue(video.attributeValues("rtcp-fb").contains("96 nack pli"));
    }
}
