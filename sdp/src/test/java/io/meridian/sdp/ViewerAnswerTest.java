package io.meridian.sdp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WHEP: a viewer offers receive-only m-lines and gets no server offer later, so the tracks it is sent go into the
 * answer, on its own m-lines, as sendonly with the SSRCs the node will send.
 */
class ViewerAnswerTest {
    /** A Chromium viewer: addTransceiver('audio'/'video', {direction: 'recvonly'}), so no msid and no SSRCs. */
    static String viewerOffer() {
        String header = """
                v=0\r
                o=- 4215775240449105458 2 IN IP4 127.0.0.1\r
                s=-\r
                t=0 0\r
                a=group:BUNDLE 0 1\r
                a=extmap-allow-mixed\r
                a=msid-semantic: WMS\r
                """;
        return header.replace("\r\n", "\n").replace("\n", "\r\n")
                + ChromiumOffers.section("audio", "0", "recvonly", "", "")
                        .replace("@UFRAG@", "vIeW").replace("@PWD@", "viewerPassword0123456789")
                        .replace("@FP@", ChromiumOffers.FINGERPRINT_B)
                + ChromiumOffers.section("video", "1", "recvonly", "", "")
                        .replace("@UFRAG@", "vIeW").replace("@PWD@", "viewerPassword0123456789")
                        .replace("@FP@", ChromiumOffers.FINGERPRINT_B);
    }

    @Test
    void theViewedTracksAreSentOnTheViewersOwnMlines() throws Exception {
        ParticipantNegotiation alice = ParticipantNegotiation.fromOffer(ChromiumOffers.offer(ChromiumOffers.ALICE),
                JoinAnswerTest.LOCAL);
        List<ParticipantNegotiation.ViewedTrack> viewed = alice.publishedTracks().stream()
                .sorted((a, b) -> a.kind().compareTo(b.kind()) * -1) // video first: order must not matter
                .map(t -> new ParticipantNegotiation.ViewedTrack("alice", t)).toList();
        ParticipantNegotiation viewer = ParticipantNegotiation.fromViewerOffer(viewerOffer(), JoinAnswerTest.LOCAL,
                SdpLimits.DEFAULT, viewed);

        List<TrackMapping> sent = viewer.remoteTracks();
        assertEquals(2, sent.size(), "alice's audio and video: " + sent);
        assertEquals(List.of("0", "1"), sent.stream().map(TrackMapping::receiverMid).sorted().toList());
        assertTrue(viewer.publishedTracks().isEmpty(), "the viewer sends nothing");
        String answer = viewer.answerSdp();
        List<String> sections = List.of(answer.split("m="));
        assertEquals(3, sections.size(), answer);
        for (int i = 1; i <= 2; i++) {
            String section = sections.get(i);
            assertTrue(section.contains("a=sendonly\r\n"), "the node sends on m-line " + i + ":\n" + section);
            long ssrc = i == 1 ? ChromiumOffers.ALICE.audioSsrc() : ChromiumOffers.ALICE.videoSsrc();
            assertTrue(section.contains("a=ssrc:" + ssrc + " "), "alice's SSRC named:\n" + section);
            assertTrue(section.contains("a=msid:"), "a track the viewer's browser can show:\n" + section);
        }
        assertEquals(0, viewer.revision());
    }

    @Test
    void aViewerWithoutAVideoMlineIsSentOnlyAudio() throws Exception {
        ParticipantNegotiation alice = ParticipantNegotiation.fromOffer(ChromiumOffers.offer(ChromiumOffers.ALICE),
                JoinAnswerTest.LOCAL);
        String audioOnly = viewerOffer();
        audioOnly = audioOnly.substring(0, audioOnly.indexOf("m=video")).replace("BUNDLE 0 1", "BUNDLE 0");
        ParticipantNegotiation viewer = ParticipantNegotiation.fromViewerOffer(audioOnly, JoinAnswerTest.LOCAL,
                SdpLimits.DEFAULT, alice.publishedTracks().stream()
                        .map(t -> new ParticipantNegotiation.ViewedTrack("alice", t)).toList());
        assertEquals(List.of("audio"), viewer.remoteTracks().stream().map(TrackMapping::kind).toList());
        assertFalse(viewer.answerSdp().contains("m=video"));
    }

    @Test
    void anotherPublishersTrackIsSentOnTheSameMlineInTheViewersNumbering() throws Exception {
        ParticipantNegotiation alice = ParticipantNegotiation.fromOffer(ChromiumOffers.offer(ChromiumOffers.ALICE),
                JoinAnswerTest.LOCAL);
        ParticipantNegotiation bob = ParticipantNegotiation.fromOffer(ChromiumOffers.renumberPayloadTypes(
                ChromiumOffers.offer(ChromiumOffers.BOB), java.util.Map.of(96, 120)), JoinAnswerTest.LOCAL);
        ParticipantNegotiation viewer = ParticipantNegotiation.fromViewerOffer(viewerOffer(), JoinAnswerTest.LOCAL,
                SdpLimits.DEFAULT, alice.publishedTracks().stream()
                        .map(t -> new ParticipantNegotiation.ViewedTrack("alice", t)).toList());
        PublishedTrack bobVideo = bob.publishedTracks().stream().filter(t -> t.kind().equals("video")).findFirst()
                .orElseThrow();
        TrackMapping mapping = viewer.resend("1", "bob", bobVideo);
        assertEquals("1", mapping.receiverMid());
        assertEquals(96, mapping.ptMap()[120] & 0xFF, "bob's VP8 (his 120) in the viewer's numbering (its 96)");
        assertEquals(List.of("alice", "bob"), viewer.remoteTracks().stream()
                .map(TrackMapping::publisherParticipantId).sorted().toList(), "audio stays alice's");
        assertEquals(null, viewer.resend("0", "bob", bobVideo), "not on the audio m-line");
    }
}
