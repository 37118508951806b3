package io.meridian.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Fuzz target: the JSON text a client sends the API, read by each of its three readers: a join's body
 * ({@link JoinBody}), an operator's conference settings ({@link ConferenceSettings}) and an events-socket message
 * (EventsSocket's reading, on an {@link EventsSocket} without a WebSocket, whose replies it queues). Each either
 * refuses the text with a {@code 400} and a code of its own, or gives a value that, written as JSON again, reads
 * back the same; an events message either reaches the participant's session, with a type, or is answered with
 * one {@code invalid_message} error and nothing else; nothing throws anything else.
 */
class ApiJsonFuzzTest {
    private static final Set<String> JOIN_CODES = Set.of("invalid_json", "missing_sdp", "invalid_sdp", "invalid_region",
            "invalid_display_name", "invalid_id");
    private static final Set<String> SETTINGS_CODES = Set.of("invalid_json", "invalid_last_n");
    /** As ApiRoutes makes it for every reader. */
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final EventsReader events = new EventsReader(json);

    @FuzzTest
    void text(byte[] data) throws JsonProcessingException {
        String text = new String(data, StandardCharsets.UTF_8);
        join(text);
        settings(text);
        events.read(text);
    }

    private void join(String text) throws JsonProcessingException {
        JoinBody body = readOrRefused(() -> JoinBody.parse(json, text), JOIN_CODES);
        if (body == null) {
            return;
        }
        assertTrue(!body.sdp().isBlank() && (body.displayName() == null
                || body.displayName().length() <= JoinBody.MAX_DISPLAY_NAME), "a join body accepted: " + body);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("sdp", body.sdp());
        fields.put("region", body.region());
        fields.put("displayName", body.displayName());
        assertEquals(body, JoinBody.parse(json, json.writeValueAsString(fields)), "a join body written again");
    }

    private void settings(String text) throws JsonProcessingException {
        ConferenceSettings settings = readOrRefused(() -> ConferenceSettings.parse(json, text), SETTINGS_CODES);
        if (settings == null) {
            return;
        }
        assertTrue(settings.lastN() >= -1, "lastN " + settings.lastN());
        assertEquals(settings, ConferenceSettings.parse(json, json.writeValueAsString(Map.of("lastN",
                settings.lastN()))), "settings written again");
    }

    /** What {@code reader} gives, or null when it refuses the text with a 400 and one of {@code codes}. */
    private static <T> T readOrRefused(Supplier<T> reader, Set<String> codes) {
        try {
            return reader.get();
        } catch (ApiException e) {
            assertEquals(400, e.status(), "a refusal of the body's text is a 400");
            assertTrue(codes.contains(e.code()), "an unexpected code " + e.code() + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * An {@link EventsSocket} before its WebSocket is attached, so that what it sends stays queued, and reading one
     * text frame at a time as its socket would; reached through reflection since the reader is the socket's own.
     */
    private static final class EventsReader implements EventSession {
        private final ObjectMapper json;
        private final Object socket;
        private final Method receive;
        private final List<String> queued;
        private final List<SignalMessage> received = new ArrayList<>();

        @SuppressWarnings("unchecked")
        EventsReader(ObjectMapper json) {
            this.json = json;
            try {
                Constructor<EventsSocket> constructor = EventsSocket.class.getDeclaredConstructor(ObjectMapper.class);
                constructor.setAccessible(true);
                socket = constructor.newInstance(json);
                receive = EventsSocket.class.getDeclaredMethod("receive", String.class, EventSession.class);
                receive.setAccessible(true);
                Field pending = EventsSocket.class.getDeclaredField("pending");
                pending.setAccessible(true);
                queued = (List<String>) pending.get(socket);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("EventsSocket's reading changed shape; update this fuzz target", e);
            }
        }

        void read(String text) throws JsonProcessingException {
            queued.clear();
            received.clear();
            try {
                receive.invoke(socket, text, this);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                throw new AssertionError("reading an events message threw", e.getCause());
            }
            if (received.isEmpty()) {
                assertEquals(1, queued.size(), "a refused message gets one reply");
                SignalMessage error = json.readValue(queued.get(0), SignalMessage.class);
                assertEquals("error", error.type());
                assertEquals("invalid_message", error.code(), error.message());
                return;
            }
            assertEquals(List.of(), queued, "a message that reaches the session is not answered as invalid");
            SignalMessage message = received.get(0);
            assertNotNull(message.type(), "a message without a type reached the session");
            assertEquals(message, json.readValue(json.writeValueAsString(message), SignalMessage.class),
                    "an events message written again");
        }

        @Override
        public void onMessage(SignalMessage message) {
            received.add(message);
        }

        @Override
        public void onClose() {
            throw new AssertionError("reading a message does not close the socket");
        }
    }
}
