package io.meridian.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenegotiationTest {
    /** Bob's browser numbers codecs and extensions differently from Alice's. */
    static final Map<Integer, Integer> BOB_PTS = Map.of(96, 120, 97, 121, 111, 109, 102, 122, 103, 123);
    static final Map<Integer, Integer> BOB_EXT_IDS = Map.of(2, 9, 14, 12, 13, 1, 1, 13);

    private final ChromiumPeer alicePeer = new ChromiumPeer(ChromiumOffers.ALICE);
    private final ParticipantNegotiation alice;
    private final ParticipantNegotiation bob;
    private final PublishedTrack bobAudio;
    private final PublishedTrack bobVideo;

    RenegotiationTest() throws SdpException {
        alice = ParticipantNegotiation.fromOffer(alicePeer.joinOffer(), JoinAnswerTest.LOCAL);
        String bobOffer = ChromiumOffers.renumberExtensions(
                ChromiumOffers.renumberPayloadTypes(ChromiumOffers.offer(ChromiumOffers.BOB), BOB_PTS), BOB_EXT_IDS);
        bob = ParticipantNegotiation.fromOffer(bobOffer, JoinAnswerTest.LOCAL);
        bobAudio = bob.publishedTracks().get(0);
        bobVideo = bob.publishedTracks().get(1);
    }

    @Test
    void bobsTracksReachAliceAsSendonlyLinesInAlicesNumbers() throws SdpException {
        alice.addRemoteTrack("bob", bobAudio);
        alice.addRemoteTrack("bob", bobVideo);
        assertTrue(alice.hasPendingChanges());
        Offer offer = alice.createOffer().orElseThrow();
        assertEquals(1, offer.revision());
        SessionDescription sdp = SessionDescription.parse(offer.sdp());
        assertTrue(sdp.fields().get(1).endsWith(" 2 IN IP4 0.0.0.0"), "o= version goes up");
        assertEquals("BUNDLE 0 1 s0 s1", sdp.attribute("group").orElseThrow());
        assertEquals(5, sdp.media().size());

        MediaDescription audio = sdp.media().get(3);
        assertEquals("s0", audio.mid().orElseThrow());
        assertTrue(audio.hasAttribute("sendonly"));
        assertEquals("actpass", audio.attribute("setup").orElseThrow());
        assertEquals("bob audio-bob-stream", audio.attribute("msid").orElseThrow());
        assertEquals(List.of("111", "110", "126"), audio.formats());
        assertEquals(List.of("1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
                audio.attributeValues("extmap"));
        assertEquals(List.of("5001 cname:bobCname", "5001 msid:bob audio-bob-stream"), audio.attributeValues("ssrc"));
        assertFalse(audio.hasAttribute("ssrc-group"));

        MediaDescription video = sdp.media().get(4);
        assertEquals("s1", video.mid().orElseThrow());
        assertTrue(video.hasAttribute("sendonly"));
        assertEquals(List.of("96", "97", "98", "99", "100", "101", "45", "46", "102", "103", "106", "107", "39", "40"),
                video.formats());
        assertEquals("FID 6001 6002", video.attribute("ssrc-group").orElseThrow());
        assertEquals(List.of("6001 cname:bobCname", "6001 msid:bob video-bob-stream", "6002 cname:bobCname",
                "6002 msid:bob video-bob-stream"), video.attributeValues("ssrc"));
        assertTrue(video.attributeValues("extmap").containsAll(List.of("14 urn:ietf:params:rtp-hdrext:toffset",
                "2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "13 urn:3gpp:video-orientation")));
        assertTrue(video.attributeValues("candidate").size() == 2 && video.hasAttribute("end-of-candidates"));
        assertTrue(sdp.media().get(0).hasAttribute("recvonly"), "Alice's own m-lines keep their direction");
        assertEquals(0, sdp.media().get(2).port());

        alice.applyAnswer(1, alicePeer.answer(offer.sdp()));
        assertFalse(alice.hasPendingChanges());
        assertTrue(alice.createOffer().isEmpty());
    }

    @Test
    void mapsRelabelBobsPayloadTypesAndExtensionIdsForAlice() {
        TrackMapping video = alice.addRemoteTrack("bob", bobVideo);
        assertEquals("s0", video.receiverMid());
        assertEquals(6001, video.primarySsrc());
        assertEquals(6002, video.rtxSsrc());
        assertEquals(96, video.receiverPayloadType(120));
        assertEquals(97, video.receiverPayloadType(121));
        assertEquals(102, video.receiverPayloadType(122));
        assertEquals(103, video.receiverPayloadType(123));
        assertEquals(98, video.receiverPayloadType(98));
        assertEquals(-1, video.receiverPayloadType(104), "mode-0 H264 was never negotiated");
        assertEquals(-1, video.receiverPayloadType(112), "red was never negotiated");
        byte[] ptMap = video.ptMap();
        assertEquals(256, ptMap.length);
        assertEquals(TrackMapping.UNMAPPED, ptMap[0]);
        assertEquals((byte) 96, ptMap[120]);

        byte[] extMap = video.extMap();
        assertEquals(16, extMap.length);
        assertEquals(14, extMap[12], "toffset");
        assertEquals(2, extMap[9], "abs-send-time");
        assertEquals(13, extMap[1], "video-orientation");
        assertEquals(5, extMap[5], "playout-delay");
        assertEquals(3, extMap[3], "the transport-wide number is forwarded, for the node to renumber");
        assertEquals(0, extMap[4], "mid is not forwarded");

        TrackMapping audio = alice.addRemoteTrack("bob", bobAudio);
        assertEquals(111, audio.receiverPayloadType(109));
        assertEquals(1, audio.receiverExtensionId(13));
        assertEquals(2, audio.receiverExtensionId(9));
    }

    @Test
    void receiverWithoutVideoGetsPublisherNumbersWhereFree() throws SdpException {
        String full = ChromiumOffers.offer(ChromiumOffers.ALICE);
        String audioOnly = full.substring(0, full.indexOf("m=video")).replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0");
        ParticipantNegotiation listener = ParticipantNegotiation.fromOffer(audioOnly, JoinAnswerTest.LOCAL);
        TrackMapping video = listener.addRemoteTrack("bob", bobVideo);
        assertEquals(120, video.receiverPayloadType(120));
        assertEquals(12, video.receiverExtensionId(12), "toffset keeps Bob's id, unused by the listener");
        assertEquals(2, video.receiverExtensionId(9), "abs-send-time takes the listener's own id");
        assertEquals(5, video.receiverExtensionId(1), "Bob's id 1 is the listener's audio level: lowest free id");
        assertEquals(6, video.receiverExtensionId(5), "so Bob's id 5 (playout-delay) moves on too");
    }

    @Test
    void removedTrackTurnsInactiveAndItsLineIsReusedForTheNextTrackOfThatKind() throws SdpException {
        alice.addRemoteTrack("bob", bobAudio);
        alice.addRemoteTrack("bob", bobVideo);
        Offer first = alice.createOffer().orElseThrow();
        alice.applyAnswer(first.revision(), alicePeer.answer(first.sdp()));

        alice.removeRemoteTrack("bob", bobVideo.trackId());
        assertTrue(alice.hasPendingChanges());
        Offer second = alice.createOffer().orElseThrow();
        assertEquals(2, second.revision());
        SessionDescription sdp = SessionDescription.parse(second.sdp());
        MediaDescription video = sdp.media().get(4);
        assertEquals(9, video.port());
        assertTrue(video.hasAttribute("inactive"));
        assertFalse(video.hasAttribute("ssrc"));
        assertFalse(video.hasAttribute("msid"));
        assertEquals("BUNDLE 0 1 s0 s1", sdp.attribute("group").orElseThrow());
        assertTrue(sdp.fields().get(1).endsWith(" 3 IN IP4 0.0.0.0"));
        alice.applyAnswer(2, alicePeer.answer(second.sdp()));

        PublishedTrack screen = new PublishedTrack("video", "3", "screen", "bob-stream", 7001, 7002, "bobCname",
                bobVideo.codecs(), bobVideo.extensions());
        TrackMapping reused = alice.addRemoteTrack("bob", screen);
        assertEquals("s1", reused.receiverMid());
        SessionDescription third = SessionDescription.parse(alice.createOffer().orElseThrow().sdp());
        assertEquals(5, third.media().size(), "no new m-line");
        MediaDescription again = third.media().get(4);
        assertTrue(again.hasAttribute("sendonly"));
        assertEquals("FID 7001 7002", again.attribute("ssrc-group").orElseThrow());
    }

    @Test
    void trackRemovedBeforeBeingOfferedLeavesNoLine() {
        alice.addRemoteTrack("bob", bobVideo);
        alice.removeRemoteTrack("bob", bobVideo.trackId());
        assertFalse(alice.hasPendingChanges());
        assertTrue(alice.createOffer().isEmpty());
        assertTrue(alice.remoteTracks().isEmpty());
    }

    @Test
    void addingTheSameTrackTwiceIsAProgrammingError() {
        alice.addRemoteTrack("bob", bobVideo);
        assertThrows(IllegalStateException.class, () -> alice.addRemoteTrack("bob", bobVideo));
    }

    @Test
    void clientReofferAddingScreenShareIsAnsweredRecvonlyAndReported() throws SdpException {
        alice.addRemoteTrack("bob", bobAudio);
        alice.addRemoteTrack("bob", bobVideo);
        Offer offer = alice.createOffer().orElseThrow();
        alice.applyAnswer(offer.revision(), alicePeer.answer(offer.sdp()));

        String reoffer = alicePeer.reoffer(offer.sdp(), alicePeer.sendingSection("video", "3", "screen", 3001, 3002));
        ClientOfferResult result = alice.applyClientOffer(2, reoffer);
        assertEquals(2, alice.revision());
        assertEquals(1, result.added().size());
        PublishedTrack screen = result.added().get(0);
        assertEquals("screen", screen.trackId());
        assertEquals("3", screen.mid());
        assertEquals(3001, screen.primarySsrc());
        assertEquals(3002, screen.rtxSsrc());
        assertTrue(result.removed().isEmpty());
        assertTrue(result.declinedRemoteTracks().isEmpty());
        assertEquals(3, alice.publishedTracks().size());

        SessionDescription answer = SessionDescription.parse(result.answerSdp());
        assertEquals(result.answerSdp(), alice.answerSdp());
        assertEquals("BUNDLE 0 1 s0 s1 3", answer.attribute("group").orElseThrow());
        assertEquals("passive", answer.media().get(5).attribute("setup").orElseThrow());
        assertTrue(answer.media().get(5).hasAttribute("recvonly"));
        assertTrue(answer.media().get(3).hasAttribute("sendonly"), "server lines keep their direction");
        assertEquals("FID 6001 6002", answer.media().get(4).attribute("ssrc-group").orElseThrow());
        assertEquals(0, answer.media().get(2).port());

        String withoutScreen = alicePeer.reoffer(offer.sdp(),
                alicePeer.sendingSection("video", "3", "screen", 3001, 3002).replace("a=sendonly", "a=inactive"));
        ClientOfferResult stopped = alice.applyClientOffer(3, withoutScreen);
        assertEquals(List.of(screen), stopped.removed());
        assertTrue(SessionDescription.parse(stopped.answerSdp()).media().get(5).hasAttribute("inactive"));
    }

    @Test
    void clientSendingOnAServerLineIsReceivedThere() throws SdpException {
        alice.addRemoteTrack("bob", bobVideo);
        Offer offer = alice.createOffer().orElseThrow();
        alice.applyAnswer(offer.revision(), alicePeer.answer(offer.sdp()));
        // Chromium's addTrack reuses the transceiver the server offer created and re-offers it sendrecv.
        String reoffer = alicePeer.reoffer(offer.sdp())
                .replaceFirst("(a=mid:s0\r\n(?:a=extmap[^\r]*\r\n)*)a=recvonly",
                        "$1a=sendrecv\r\na=msid:alice-stream screen\r\na=ssrc:3001 cname:aliceCname");
        ClientOfferResult result = alice.applyClientOffer(2, reoffer);
        assertEquals("s0", result.added().get(0).mid());
        assertEquals(3001, result.added().get(0).primarySsrc());
        assertTrue(SessionDescription.parse(result.answerSdp()).media().get(3).hasAttribute("sendrecv"));
    }

    @Test
    void offerCollisionIsRefusedUntilTheServerOfferIsAnswered() throws SdpException {
        alice.addRemoteTrack("bob", bobVideo);
        Offer offer = alice.createOffer().orElseThrow();
        String clientOffer = alicePeer.reoffer(alice.answerSdp(),
                alicePeer.sendingSection("video", "3", "screen", 3001, 3002));
        SdpException collision = assertThrows(SdpException.class, () -> alice.applyClientOffer(1, clientOffer));
        assertEquals("offer_collision", collision.code());
        assertEquals(1, alice.revision(), "a refused offer changes nothing");

        alice.applyAnswer(offer.revision(), alicePeer.answer(offer.sdp()));
        String resent = alicePeer.reoffer(offer.sdp(), alicePeer.sendingSection("video", "3", "screen", 3001, 3002));
        assertEquals("stale_revision", assertThrows(SdpException.class, () -> alice.applyClientOffer(1, resent)).code());
        assertEquals("screen", alice.applyClientOffer(2, resent).added().get(0).trackId());
    }

    @Test
    void noServerOfferWhileOneIsInFlight() {
        alice.addRemoteTrack("bob", bobAudio);
        assertTrue(alice.createOffer().isPresent());
        alice.addRemoteTrack("bob", bobVideo);
        assertTrue(alice.hasPendingChanges());
        assertTrue(alice.createOffer().isEmpty());
    }

    @Test
    void changesMadeWhileAnOfferIsInFlightGoInTheNextOffer() throws SdpException {
        alice.addRemoteTrack("bob", bobAudio);
        Offer first = alice.createOffer().orElseThrow();
        alice.addRemoteTrack("bob", bobVideo);
        alice.applyAnswer(first.revision(), alicePeer.answer(first.sdp()));
        assertTrue(alice.hasPendingChanges());
        SessionDescription second = SessionDescription.parse(alice.createOffer().orElseThrow().sdp());
        assertEquals(List.of("s0", "s1"), second.media().subList(3, 5).stream().map(m -> m.mid().orElseThrow()).toList());
    }

    @Test
    void staleAndUnexpectedAnswersAreRejected() throws SdpException {
        assertEquals("unexpected_answer", assertThrows(SdpException.class,
                () -> alice.applyAnswer(0, alice.answerSdp())).code());
        alice.addRemoteTrack("bob", bobAudio);
        Offer first = alice.createOffer().orElseThrow();
        String answer = alicePeer.answer(first.sdp());
        alice.applyAnswer(first.revision(), answer);
        alice.removeRemoteTrack("bob", bobAudio.trackId());
        Offer second = alice.createOffer().orElseThrow();
        assertEquals("stale_revision", assertThrows(SdpException.class,
                () -> alice.applyAnswer(first.revision(), answer)).code());

        String good = alicePeer.answer(second.sdp());
        for (String bad : new String[] {good.replace("a=setup:active", "a=setup:passive"),
                good.replace(ChromiumOffers.FINGERPRINT_A, ChromiumOffers.FINGERPRINT_B),
                good.replace("a=ice-ufrag:Xk3q", "a=ice-ufrag:Zz9z"),
                good.replace("a=mid:s0", "a=mid:zz"),
                good.replaceFirst("a=sendonly", "a=recvonly"),
                withoutMediaSection(good, "s0")}) {
            SdpException e = assertThrows(SdpException.class, () -> alice.applyAnswer(second.revision(), bad));
            assertEquals("unexpected_answer", e.code(), e.getMessage());
        }
        assertFalse(alice.createOffer().isPresent(), "the offer is still in flight after bad answers");
        alice.applyAnswer(second.revision(), good);
    }

    @Test
    void answerRejectingAServerLineReportsTheTrackDeclined() throws SdpException {
        TrackMapping mapping = alice.addRemoteTrack("bob", bobVideo);
        Offer offer = alice.createOffer().orElseThrow();
        String answer = alicePeer.answer(offer.sdp());
        SessionDescription rejecting = SessionDescription.parse(answer);
        rejecting.media().set(3, new MediaDescription("video", 0, "UDP/TLS/RTP/SAVPF", List.of("96"))
                .field("c=IN IP4 0.0.0.0").add(Attribute.of("mid", "s0")));
        AnswerResult result = alice.applyAnswer(offer.revision(), rejecting.toString());
        assertEquals(List.of(mapping), result.declinedRemoteTracks());
        assertTrue(alice.remoteTracks().isEmpty());
    }

    @Test
    void clientOfferAnsweredWhileServerLinesWaitKeepsThemForTheNextOffer() throws SdpException {
        alice.addRemoteTrack("bob", bobVideo);
        String reoffer = alicePeer.reoffer(alice.answerSdp(), alicePeer.sendingSection("video", "3", "screen", 3001, 0));
        ClientOfferResult result = alice.applyClientOffer(1, reoffer);
        assertEquals(4, SessionDescription.parse(result.answerSdp()).media().size(), "an answer never adds m-lines");
        assertTrue(alice.hasPendingChanges());
        SessionDescription offer = SessionDescription.parse(alice.createOffer().orElseThrow().sdp());
        assertEquals(List.of("0", "1", "2", "3", "s0"), offer.media().stream().map(m -> m.mid().orElseThrow()).toList());
        assertTrue(offer.media().get(3).hasAttribute("recvonly"));
        assertTrue(offer.media().get(4).hasAttribute("sendonly"));
    }

    @Test
    void webrtcbinReofferKeepsItsBundleOnlyLinesAndPublishesTheAddedTrack() throws SdpException {
        ParticipantNegotiation gst = ParticipantNegotiation.fromOffer(WebrtcbinOffers.joinOffer(),
                JoinAnswerTest.LOCAL);
        ClientOfferResult result = gst.applyClientOffer(1, WebrtcbinOffers.reofferAddingVideo());
        assertTrue(result.removed().isEmpty(), "the bundle-only audio line is not taken for a stopped one");
        assertEquals(List.of(WebrtcbinOffers.SCREEN_SSRC),
                result.added().stream().map(PublishedTrack::primarySsrc).toList());
        assertEquals(List.of(WebrtcbinOffers.VIDEO_SSRC, WebrtcbinOffers.AUDIO_SSRC, WebrtcbinOffers.SCREEN_SSRC),
                gst.publishedTracks().stream().map(PublishedTrack::primarySsrc).toList());
        SessionDescription answer = SessionDescription.parse(result.answerSdp());
        assertEquals("BUNDLE video0 audio1 video2", answer.attribute("group").orElseThrow());
        assertEquals(List.of(9, 9, 9), answer.media().stream().map(MediaDescription::port).toList());
    }

    @Test
    void answerWithServerLinesBundleOnlyAcceptsThem() throws SdpException {
        alice.addRemoteTrack("bob", bobAudio);
        alice.addRemoteTrack("bob", bobVideo);
        Offer offer = alice.createOffer().orElseThrow();
        // RFC 8843 §7.3: an answerer gives every bundled m-line but its tagged one port 0 and a=bundle-only.
        String answer = withBundleOnly(alicePeer.answer(offer.sdp()), 3, 4);
        AnswerResult result = alice.applyAnswer(offer.revision(), answer);
        assertTrue(result.declinedRemoteTracks().isEmpty());
        assertEquals(2, alice.remoteTracks().size());
        assertFalse(alice.hasPendingChanges());
    }

    @Test
    void answerBundleOnlyOutsideItsGroupRejectsTheLineAndBundleOnlyEverywhereIsRefused() throws SdpException {
        TrackMapping audio = alice.addRemoteTrack("bob", bobAudio);
        Offer offer = alice.createOffer().orElseThrow();
        String good = alicePeer.answer(offer.sdp());
        String allBundleOnly = withBundleOnly(good, 0, 1, 3);
        assertEquals("unexpected_answer", assertThrows(SdpException.class,
                () -> alice.applyAnswer(offer.revision(), allBundleOnly)).code());
        String outside = withBundleOnly(good, 3).replace("a=group:BUNDLE 0 1 s0", "a=group:BUNDLE 0 1");
        assertEquals(List.of(audio), alice.applyAnswer(offer.revision(), outside).declinedRemoteTracks());
    }

    /** The answer with the m-lines at {@code indexes} given port 0 and a=bundle-only, as RFC 8843 answerers do. */
    private static String withBundleOnly(String answer, int... indexes) throws SdpException {
        SessionDescription parsed = SessionDescription.parse(answer);
        for (int index : indexes) {
            MediaDescription m = parsed.media().get(index);
            MediaDescription bundleOnly = new MediaDescription(m.kind(), 0, m.proto(), m.formats());
            m.fields().forEach(bundleOnly::field);
            bundleOnly.add(Attribute.flag("bundle-only"));
            m.attributes().forEach(bundleOnly::add);
            parsed.media().set(index, bundleOnly);
        }
        return parsed.toString();
    }

    @Test
    void reofferThatDropsOrReordersLinesOrRestartsIceIsRefused() throws SdpException {
        String join = alicePeer.joinOffer();
        assertEquals("invalid_renegotiation", assertThrows(SdpException.class,
                () -> alice.applyClientOffer(1, withoutMediaSection(join, "2"))).code());
        assertEquals("invalid_renegotiation", assertThrows(SdpException.class,
                () -> alice.applyClientOffer(1, join.replace("a=mid:1", "a=mid:7"))).code());
        assertEquals("invalid_renegotiation", assertThrows(SdpException.class,
                () -> alice.applyClientOffer(1, join.replace("a=ice-ufrag:Xk3q", "a=ice-ufrag:Yy8y"))).code());
        assertEquals("invalid_renegotiation", assertThrows(SdpException.class, () -> alice.applyClientOffer(1,
                join.replace(ChromiumOffers.FINGERPRINT_A, ChromiumOffers.FINGERPRINT_B))).code());
        assertEquals(0, alice.revision());
        assertEquals(2, alice.publishedTracks().size());
    }

    private static String withoutMediaSection(String sdp, String mid) throws SdpException {
        SessionDescription parsed = SessionDescription.parse(sdp);
        parsed.media().removeIf(m -> m.mid().orElse("").equals(mid));
        return parsed.toString();
    }
}
