package io.meridian.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An events-socket message that is not a signalling message gets an error reply with a snake_case code, and the
 * socket stays open (issue 13: the JSON text {@code null} threw inside the handler and got no reply).
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class EventsMessageRefusalTest {

    @Test
    void everyMessageThatIsNotASignallingMessageGetsAnErrorReply() throws Exception {
        List<String> refused = List.of("null", "[]", "42", "\"offer\"", "true", "{}", "not json", "",
                "{\"type\": \"offer\", \"revision\": \"one\"}");
        try (SecuredNode node = SecuredNode.start(); CapturedLogs logs = CapturedLogs.attach()) {
            TestPeer peer = node.join("events-refusals", "hana");
            for (String text : refused) {
                peer.sendSignal(text);
            }
            Poll.until("an error reply to each of " + refused.size() + " messages", () ->
                    errors(peer).size() == refused.size() ? null : "replies so far: " + peer.messages());
            for (JsonNode error : errors(peer)) {
                assertTrue(ErrorReplies.SNAKE_CASE.matcher(error.path("code").asText()).matches(), error.toString());
                assertEquals("invalid_message", error.path("code").asText(), error.toString());
                assertFalse(error.path("message").asText().isBlank(), error.toString());
            }
            assertFalse(peer.eventsClosedByServer(), "the node closed the socket");
            assertEquals(List.of(), logs.alarms());
        }
    }

    /**
     * receive-video (a client's wishes for one remote video track) is refused with a code for a track the client is
     * not sent (of another participant, of nobody, of another conference) and for values out of range; a valid one
     * for a track it gets has no reply.
     */
    @Test
    void receiveVideoForAnUnknownTrackOrOutOfRangeIsRefusedByCode() throws Exception {
        try (SecuredNode node = SecuredNode.start(); CapturedLogs logs = CapturedLogs.attach()) {
            TestPeer ivy = node.join("wishes", "ivy");
            TestPeer jon = node.join("wishes", "jon");
            TestPeer elsewhere = node.join("other-wishes", "kim");
            String ivyId = ivy.participantId();
            jon.awaitAnsweredOfferWith(ivy);
            String ivyVideo = videoTrackOf(ivyId, jon.answeredOffers().get(jon.answeredOffers().size() - 1));
            List<String> refused = List.of(
                    "{\"type\":\"receive-video\",\"participantId\":\"" + ivyId + "\",\"trackId\":\"nope\"}",
                    "{\"type\":\"receive-video\",\"participantId\":\"" + elsewhere.participantId()
                            + "\",\"trackId\":\"" + ivyVideo + "\"}",
                    "{\"type\":\"receive-video\",\"participantId\":\"" + ivyId + "\",\"trackId\":\"" + ivyVideo
                            + "\",\"maxSpatialLayer\":3}",
                    "{\"type\":\"receive-video\",\"participantId\":\"" + ivyId + "\",\"trackId\":\"" + ivyVideo
                            + "\",\"maxHeight\":-1}",
                    "{\"type\":\"receive-video\",\"trackId\":\"" + ivyVideo + "\"}");
            for (String text : refused) {
                jon.sendSignal(text);
            }
            jon.sendSignal("{\"type\":\"receive-video\",\"participantId\":\"" + ivyId + "\",\"trackId\":\""
                    + ivyVideo + "\",\"maxHeight\":180,\"maxSpatialLayer\":0}");
            Poll.until("an error reply to each refused message", () ->
                    errors(jon).size() >= refused.size() ? null : "replies so far: " + jon.messages());
            assertEquals(List.of("unknown_track", "unknown_track", "invalid_message", "invalid_message",
                    "invalid_message"), errors(jon).stream().map(e -> e.path("code").asText()).toList());
            // The valid one is answered by nothing: a later refusal is the next error, not a reply to it.
            jon.sendSignal(refused.get(0));
            Poll.until("the next refusal", () -> errors(jon).size() == refused.size() + 1 ? null : jon.messages()
                    .toString());
            assertFalse(jon.eventsClosedByServer(), "the node closed the socket");
            assertEquals(List.of(), logs.alarms());
        }
    }

    /** The track id (a=msid) of {@code publisherId}'s video in a server offer. */
    private static String videoTrackOf(String publisherId, String sdp) {
        String[] sections = sdp.split("\r\nm=");
        for (String section : sections) {
            if (section.startsWith("video")) {
                for (String line : section.split("\r\n")) {
                    if (line.startsWith("a=msid:" + publisherId + " ")) {
                        return line.substring(("a=msid:" + publisherId + " ").length());
                    }
                }
            }
        }
        throw new AssertionError("no video of " + publisherId + " in " + sdp);
    }

    private static List<JsonNode> errors(TestPeer peer) {
        return peer.messages().stream().filter(m -> m.path("type").asText().equals("error")).toList();
    }
}
