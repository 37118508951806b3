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

    private static List<JsonNode> errors(TestPeer peer) {
        return peer.messages().stream().filter(m -> m.path("type").asText().equals("error")).toList();
    }
}
