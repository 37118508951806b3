package io.meridian.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Simulcast offers: Chromium 156's RID simulcast (captured, {@code src/test/resources/chromium-156}), an SSRC group
 * SIM, and the offers the SFU refuses.
 */
class SimulcastOfferTest {
    private static final String RID_URIS = HeaderExtension.RTP_STREAM_ID + " " + HeaderExtension.REPAIRED_RTP_STREAM_ID;

    static String captured(String name) {
        try (InputStream in = SimulcastOfferTest.class.getResourceAsStream("/chromium-156/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MediaDescription video(String sdp) throws SdpException {
        return SessionDescription.parse(sdp).media().stream().filter(m -> m.kind().equals("video")).findFirst()
                .orElseThrow();
    }

    @Test
    void chromiumRidSimulcastIsReceivedWithEveryRidAndTheExtensionsThatNameThem() throws SdpException {
        ParticipantNegotiation alice = ParticipantNegotiation.fromOffer(captured("simulcast_vp8.sdp"),
                JoinAnswerTest.LOCAL);
        MediaDescription answer = video(alice.answerSdp());
        assertTrue(answer.hasAttribute("recvonly"), answer.toString());
        assertEquals(List.of("q recv", "h recv", "f recv"), answer.attributeValues("rid"));
        assertEquals(List.of("recv q;h;f"), answer.attributeValues("simulcast"));
        List<String> extmaps = answer.attributeValues("extmap");
        assertTrue(extmaps.contains("9 " + HeaderExtension.MID), extmaps.toString());
        assertTrue(extmaps.contains("10 " + HeaderExtension.RTP_STREAM_ID), extmaps.toString());
        assertTrue(extmaps.contains("11 " + HeaderExtension.REPAIRED_RTP_STREAM_ID), extmaps.toString());

        PublishedTrack track = alice.publishedTracks().stream().filter(t -> t.kind().equals("video")).findFirst()
                .orElseThrow();
        assertEquals(List.of("q", "h", "f"), track.simulcast().rids());
        assertTrue(track.simulcast().byRid());
        assertEquals(10, track.extensionId(HeaderExtension.RTP_STREAM_ID));
        assertEquals(11, track.extensionId(HeaderExtension.REPAIRED_RTP_STREAM_ID));
        assertEquals(9, track.extensionId(HeaderExtension.MID));
        assertTrue(track.primarySsrc() != 0 && track.rtxSsrc() != 0, "receivers see SSRCs the node chose");
        assertNotEquals(track.primarySsrc(), track.rtxSsrc());
    }

    @Test
    void aReOfferKeepsTheTrackAndItsSsrcs() throws SdpException {
        String offer = captured("simulcast_vp8.sdp");
        ParticipantNegotiation alice = ParticipantNegotiation.fromOffer(offer, JoinAnswerTest.LOCAL);
        PublishedTrack before = alice.publishedTracks().get(0);
        ClientOfferResult again = alice.applyClientOffer(1, offer.replace("o=- 7158951049039859336 2",
                "o=- 7158951049039859336 3"));
        assertTrue(again.added().isEmpty() && again.removed().isEmpty(), "nothing changed for receivers");
        assertEquals(before, alice.publishedTracks().get(0));
        assertEquals(List.of("recv q;h;f"), video(again.answerSdp()).attributeValues("simulcast"));
    }

    @Test
    void receiversGetOneStreamWithoutTheLayerExtensions() throws SdpException {
        ParticipantNegotiation alice = ParticipantNegotiation.fromOffer(captured("simulcast_vp8.sdp"),
                JoinAnswerTest.LOCAL);
        PublishedTrack track = alice.publishedTracks().get(0);
        ParticipantNegotiation bob = ParticipantNegotiation.fromOffer(ChromiumOffers.offer(ChromiumOffers.BOB),
                JoinAnswerTest.LOCAL);
        bob.addRemoteTrack("alice", track);
        MediaDescription offered = SessionDescription.parse(bob.createOffer().orElseThrow().sdp()).media().get(3);
        assertEquals("video", offered.kind());
        assertTrue(offered.attributeValues("extmap").stream().noneMatch(e -> RID_URIS.contains(e.split(" ")[1])
                || e.endsWith(HeaderExtension.MID)), offered.toString());
        assertTrue(offered.attributeValues("rid").isEmpty() && offered.attributeValues("simulcast").isEmpty());
        assertEquals(List.of("FID " + track.primarySsrc() + " " + track.rtxSsrc()),
                offered.attributeValues("ssrc-group"));
    }

    @Test
    void anSsrcGroupSimGivesTheLayersWithTheirRtx() throws SdpException {
        String sim = ChromiumOffers.offer(ChromiumOffers.ALICE).replace("a=ssrc-group:FID 2001 2002\r\n",
                "a=ssrc-group:FID 2001 2002\r\na=ssrc-group:FID 2003 2004\r\na=ssrc-group:FID 2005 2006\r\n"
                        + "a=ssrc-group:SIM 2001 2003 2005\r\n");
        assertNotEquals(ChromiumOffers.offer(ChromiumOffers.ALICE), sim, "the template has the FID group");
        ParticipantNegotiation alice = ParticipantNegotiation.fromOffer(sim, JoinAnswerTest.LOCAL);
        PublishedTrack video = alice.publishedTracks().get(1);
        assertEquals(List.of(new FidGroup(2001, 2002), new FidGroup(2003, 2004), new FidGroup(2005, 2006)),
                video.simulcast().ssrcLayers());
        assertFalse(video.simulcast().byRid());
        assertTrue(video.primarySsrc() != 2001 && video.primarySsrc() != 0, "receivers see the node's SSRC");
        assertTrue(video(alice.answerSdp()).attributeValues("simulcast").isEmpty(), "SIM needs no answer lines");
        assertEquals(0, video.extensionId(HeaderExtension.RTP_STREAM_ID), "no RID elements outside RID simulcast");
    }

    @Test
    void moreThanThreeLayersAreRefused() {
        String four = captured("simulcast_vp8.sdp").replace("a=simulcast:send q;h;f",
                "a=rid:x send\r\na=simulcast:send q;h;f;x");
        SdpException e = assertThrows(SdpException.class, () -> ParticipantNegotiation.fromOffer(four,
                JoinAnswerTest.LOCAL));
        assertEquals("simulcast_layers", e.code());
        assertTrue(e.getMessage().contains("4 simulcast layers"), e.getMessage());
    }

    @Test
    void aRidNoLineDeclaresIsRefused() {
        String unknown = captured("simulcast_vp8.sdp").replace("a=simulcast:send q;h;f", "a=simulcast:send q;h;z");
        SdpException e = assertThrows(SdpException.class, () -> ParticipantNegotiation.fromOffer(unknown,
                JoinAnswerTest.LOCAL));
        assertEquals("unknown_rid", e.code());
        assertTrue(e.getMessage().contains("'z'"), e.getMessage());
    }

    @Test
    void svcOffersAreOneStreamAndNotSimulcast() throws SdpException {
        for (String name : List.of("svc_vp9_L3T3_KEY.sdp", "svc_av1_L3T3_KEY.sdp")) {
            ParticipantNegotiation alice = ParticipantNegotiation.fromOffer(captured(name), JoinAnswerTest.LOCAL);
            PublishedTrack video = alice.publishedTracks().stream().filter(t -> t.kind().equals("video"))
                    .findFirst().orElseThrow();
            assertNull(video.simulcast(), name);
            assertTrue(video.primarySsrc() != 0 && video.rtxSsrc() != 0, name);
        }
    }
}
