package io.meridian.server.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code --log-format json}: every line of standard output is one JSON object; joins carry their ids as fields. */
@ExtendWith(LeakGuard.class)
@Timeout(180)
class JsonLogProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyLineIsAJsonObjectAndAJoinCarriesConferenceAndParticipantFields() throws Exception {
        try (NodeProcess node = NodeProcess.start(dir, "--log-format", "json")) {
            String participantId;
            try (TestPeer peer = TestPeer.join(node.api(), "json-logs", "a")) {
                participantId = peer.participantId();
                assertEquals(204, peer.leave());
            }
            Poll.until("the leave is logged", () -> node.stdout().contains("participant=" + participantId + " left")
                    ? null : "not yet");
            node.signal("TERM");
            assertEquals(0, node.awaitExit(Duration.ofSeconds(60)), node.output());

            List<JsonNode> events = new ArrayList<>();
            for (String line : node.stdoutLines()) {
                JsonNode event;
                try {
                    event = JSON.readTree(line);
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
                assertTrue(event != null && event.isObject(), "not a JSON object: " + line);
                assertFalse(event.path("level").asText().isEmpty(), "no level: " + line);
                assertFalse(event.path("formattedMessage").asText().isEmpty(), "no message: " + line);
                events.add(event);
            }
            JsonNode joined = find(events, "joined");
            assertEquals("json-logs", field(joined, "conference"), joined.toString());
            assertEquals(participantId, field(joined, "participant"), joined.toString());
            assertEquals("INFO", joined.path("level").asText());
            JsonNode left = find(events, participantId + " left");
            assertEquals("json-logs", field(left, "conference"), left.toString());
            assertEquals(participantId, field(left, "participant"), left.toString());
            assertEquals("json-logs", field(find(events, "json-logs ended"), "conference"));
        }
    }

    private static JsonNode find(List<JsonNode> events, String messagePart) {
        return events.stream().filter(e -> e.path("formattedMessage").asText().contains(messagePart)).findFirst()
                .orElseGet(() -> fail("no log event with '" + messagePart + "' in " + events));
    }

    /** A structured field: logback's JsonEncoder writes key-value pairs as {@code kvpList: [{key: value}, ...]}. */
    private static String field(JsonNode event, String key) {
        for (JsonNode pair : event.path("kvpList")) {
            if (pair.has(key)) {
                return pair.path(key).asText();
            }
        }
        return null;
    }
}
