package io.meridian.server.api;

import io.meridian.client.ApiClient;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WHEP (draft-ietf-wish-whep) on a node with tokens: a player's receive-only offer to {@code POST /v1/whep/{c}} is
 * answered with the media it is sent on its own m-lines (sendonly, their SSRCs named), by default the first
 * participant who sends video (no one has spoken), or the one {@code ?participant=} names; it receives that media
 * until its DELETE. A conference not in progress is 404 and creates nothing, as is an unknown participant.
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class WhepTest {
    private static final String FINGERPRINT = String.join(":", java.util.Collections.nCopies(32, "AB"));
    @RegisterExtension
    static final LimitedNode NODE = new LimitedNode();
    private SecuredNode node;

    @BeforeEach
    void node() {
        node = NODE.node();
    }

    @Test
    void aPlayerGetsTheMediaItsAnswerNamesUntilItDeletesItsSession() {
        TestPeer alice = node.join("whep-live", "alice");
        TestPeer bob = node.join("whep-live", "bob");
        String bobId = bob.participantId();
        ApiClient playerApi = node.as(SecuredNode.token("player", "whep-live", false));

        TestPeer first = TestPeer.viewViaWhep(playerApi, "whep-live", "player", null);
        assertTrue(first.whipResource().startsWith("/v1/whep/whep-live/"), first.whipResource());
        assertSends(first.answerSdp(), alice);
        alice.sendUntilReceived(first, alice.identity().videoSsrc(), 1, PeerSdp.VP8_PT, "alice's video");
        alice.sendUntilReceived(first, alice.identity().audioSsrc(), 1, PeerSdp.OPUS_PT, "alice's audio");

        TestPeer named = TestPeer.viewViaWhep(playerApi, "whep-live", "named", bobId);
        assertSends(named.answerSdp(), bob);
        bob.sendUntilReceived(named, bob.identity().videoSsrc(), 1, PeerSdp.VP8_PT, "bob's video");
        bob.sendUntilReceived(named, bob.identity().audioSsrc(), 1, PeerSdp.OPUS_PT, "bob's audio");
        assertTrue(named.received().rtp(alice.identity().videoSsrc()).isEmpty(), "only bob's video on its m-line");
        alice.awaitMessage("participant-joined", named.participantId());

        assertEquals(200, first.leave(), "the session's DELETE answers 200");
        assertEquals(200, named.leave());
        alice.awaitMessage("participant-left", named.participantId());
        first.close();
        named.close();
        Poll.until("alice and bob alone again", () -> {
            int left = node.server.conferences().conference("whep-live").map(c -> c.participants().size())
                    .orElse(0);
            return left == 2 ? null : left + " participants";
        });
        alice.close();
        bob.close();
    }

    /**
     * A player that names no one follows the dominant speaker: when bob speaks (RFC 6464 levels, as
     * DominantSpeakerTest sends them) and becomes dominant, his video and audio reach the player on the m-lines it
     * knows, under the SSRCs its answer named (alice's); when he leaves, alice's come back there.
     */
    @Test
    void aPlayerWhoNamesNoOneFollowsTheDominantSpeaker() throws InterruptedException {
        TestPeer alice = node.join("whep-speaker", "alice");
        TestPeer bob = node.join("whep-speaker", "bob");
        TestPeer player = TestPeer.viewViaWhep(node.as(SecuredNode.token("player", "whep-speaker", false)),
                "whep-speaker", "player", null);
        long videoLine = alice.identity().videoSsrc();
        long audioLine = alice.identity().audioSsrc();
        alice.sendUntilReceived(player, videoLine, 1, PeerSdp.VP8_PT, "alice's video");

        for (int n = 1; !lastDominant(alice).equals(bob.participantId()); n++) {
            assertTrue(n <= 500, "bob never became the dominant speaker");
            bob.sendAudioLevel(n, n % 9 == 0 || n % 13 == 0 ? 93 : 20 + (n * 7) % 20);
            alice.sendAudioLevel(n, 127);
            Thread.sleep(20); // a microphone's pace, not a wait for something to happen
        }
        awaitOn(player, videoLine, bob, bob.identity().videoSsrc(), PeerSdp.VP8_PT, "bob on the video m-line");
        awaitOn(player, audioLine, bob, bob.identity().audioSsrc(), PeerSdp.OPUS_PT, "bob on the audio m-line");

        bob.close();
        awaitOn(player, videoLine, alice, videoLine, PeerSdp.VP8_PT, "alice's again");
        player.close();
        alice.close();
    }

    @Test
    void refusalsHaveTheirStatusCodesAndCreateNothing() {
        ApiClient player = node.as(SecuredNode.token("player", "whep-none", false));
        assertError(player.post("/v1/whep/whep-none", "application/sdp", offer("p")), 404, "unknown_conference");
        assertTrue(node.server.conferences().conference("whep-none").isEmpty(), "no conference created");

        TestPeer alice = node.join("whep-none", "alice");
        assertError(player.post("/v1/whep/whep-none?participant=p-nobody", "application/sdp", offer("p")), 404,
                "unknown_participant");
        assertError(player.post("/v1/whep/whep-none?participant=a%20b", "application/sdp", offer("p")), 400,
                "invalid_id");
        assertError(player.post("/v1/whep/whep-none", "application/json", "{}"), 415, "unsupported_media_type");
        assertError(node.anonymous.post("/v1/whep/whep-none", "application/sdp", offer("p")), 401,
                "missing_token");
        assertEquals(400, player.post("/v1/whep/whep-none", "application/sdp", "not SDP").status());
        // An answer is not an offer (RFC 8842 §5.2: an offer's a=setup is actpass; passive is an answerer's).
        ApiClient.Reply answer = player.post("/v1/whep/whep-none", "application/sdp",
                offer("p").replace("a=setup:actpass", "a=setup:passive"));
        assertEquals(400, answer.status(), answer.body());
        assertEquals(400, node.as(SecuredNode.token("encoder", "whep-none", false)).whip("whep-none",
                offer("e").replace("a=setup:actpass", "a=setup:passive")).status(), "nor for WHIP");
        int left = node.server.conferences().conference("whep-none").map(c -> c.participants().size()).orElse(0);
        assertEquals(1, left, "alice alone: no refused player or encoder was admitted");
        alice.close();
    }

    @AfterEach
    void theOtherConferenceKeepsItsMedia() {
        NODE.other().assertMediaFlows();
    }

    /** The answer's m-lines are sendonly and name {@code publisher}'s audio and video SSRCs. */
    private static void assertSends(String answer, TestPeer publisher) {
        List<String> sections = List.of(answer.split("\r\nm="));
        assertTrue(sections.stream().skip(1).filter(s -> !s.startsWith("application"))
                .allMatch(s -> s.contains("a=sendonly")), answer);
        for (long ssrc : new long[] {publisher.identity().audioSsrc(), publisher.identity().videoSsrc()}) {
            assertTrue(answer.contains("a=ssrc:" + ssrc + " "), "SSRC " + ssrc + " named:\n" + answer);
        }
    }

    /** {@code from} sends on {@code ssrc} until {@code player} gets {@code text} on its m-line of SSRC {@code line}. */
    private static void awaitOn(TestPeer player, long line, TestPeer from, long ssrc, int pt, String text) {
        int[] sequence = {20_000};
        Poll.until(text, () -> {
            from.sendRtp(ssrc, sequence[0]++, pt, text);
            return player.received().rtp(line).stream().anyMatch(r -> r.payloadText().equals(text)) ? null
                    : "not yet";
        });
    }

    private static String lastDominant(TestPeer peer) {
        List<com.fasterxml.jackson.databind.JsonNode> events = peer.messages().stream()
                .filter(m -> m.path("type").asText().equals("dominant-speaker")).toList();
        return events.isEmpty() ? "" : events.get(events.size() - 1).path("participantId").asText();
    }

    private static String offer(String label) {
        return PeerSdp.joinOffer(PeerIdentity.random(label), FINGERPRINT, false, List.of());
    }

    private static void assertError(ApiClient.Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(code, reply.errorCode(), reply.body());
    }
}
