package io.meridian.server.api;

import io.meridian.client.ApiClient.Reply;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.config.Setting;
import io.meridian.server.peer.Poll;
import io.meridian.srtp.DtlsCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An events socket whose client breaks a limit or the protocol is closed with the code RFC 6455 §7.4.1 names and a
 * reason: 1009 for a message over the size limit (in one frame or many), 1008 past the message rate, 1007 for text
 * that is not UTF-8, 1002 for frames the protocol forbids. The participant leaves with its socket; a call in another
 * conference keeps its media.
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class EventsSocketLimitsTest {
    private static final int MESSAGE_BYTES = 16_384;
    private static final int MESSAGES_PER_SECOND = 5;
    private static final String CONFERENCE = "sockets";
    private static final String FINGERPRINT = DtlsCertificate.generate().fingerprintSha256();
    @RegisterExtension
    static final LimitedNode LIMITED = new LimitedNode(
            Setting.LIMITS_EVENTS_MESSAGE_BYTES.flag(), Integer.toString(MESSAGE_BYTES),
            Setting.LIMITS_EVENTS_MESSAGES_PER_SECOND.flag(), Integer.toString(MESSAGES_PER_SECOND));

    @Test
    void aMessageOverTheSizeLimitCloses1009() throws IOException {
        byte[] half = "x".repeat(MESSAGE_BYTES / 2).getBytes(StandardCharsets.US_ASCII);
        try (RawWebSocket oneFrame = open("olga"); RawWebSocket fragments = open("otto")) {
            oneFrame.send(RawWebSocket.TEXT, true, "x".repeat(MESSAGE_BYTES + 1).getBytes(StandardCharsets.US_ASCII));
            // Three frames of half the limit: the message passes it only with its last.
            fragments.send(RawWebSocket.TEXT, false, half);
            fragments.send(RawWebSocket.CONTINUATION, false, half);
            fragments.send(RawWebSocket.CONTINUATION, true, half);

            for (RawWebSocket ws : new RawWebSocket[] {oneFrame, fragments}) {
                RawWebSocket.Close close = ws.awaitClose();
                assertEquals(1009, close.code(), close.reason());
                assertNamesLimit(close, MESSAGE_BYTES, Setting.LIMITS_EVENTS_MESSAGE_BYTES);
            }
        }
        assertParticipantsLeft("olga", "otto");
    }

    /** The API's clock stands still: the burst is spent by the messages themselves, however slowly they arrive. */
    @Test
    void messagesPastTheRateClose1008() throws IOException {
        byte[] lastN = "{\"type\":\"last-n\",\"lastN\":-1}".getBytes(StandardCharsets.US_ASCII);
        try (RawWebSocket ws = open("rita")) {
            for (int i = 0; i <= MESSAGES_PER_SECOND; i++) {
                ws.send(RawWebSocket.TEXT, true, lastN);
            }

            RawWebSocket.Close close = ws.awaitClose();

            assertEquals(1008, close.code(), close.reason());
            assertNamesLimit(close, MESSAGES_PER_SECOND, Setting.LIMITS_EVENTS_MESSAGES_PER_SECOND);
        }
        assertParticipantsLeft("rita");
    }

    @Test
    void textThatIsNotUtf8Closes1007() throws IOException {
        try (RawWebSocket ws = open("ugo")) {
            // 0xC3 starts a two-byte sequence that '(' cannot continue (RFC 3629 §4).
            ws.send(RawWebSocket.TEXT, true, new byte[] {'"', (byte) 0xC3, '(', '"'});

            RawWebSocket.Close close = ws.awaitClose();

            assertEquals(1007, close.code(), close.reason());
            assertTrue(close.reason().contains("UTF-8"), close.reason());
        }
        assertParticipantsLeft("ugo");
    }

    @Test
    void framesTheProtocolForbidsClose1002() throws IOException {
        try (RawWebSocket unmasked = open("uma"); RawWebSocket reserved = open("rex")) {
            // RFC 6455 §5.1: a server closes the connection on a frame from the client without a mask.
            unmasked.sendUnmasked(RawWebSocket.TEXT, "{}".getBytes(StandardCharsets.US_ASCII));
            // RFC 6455 §5.2: opcodes 0x3-0x7 are reserved for data frames not defined yet.
            reserved.send(0x3, true, "{}".getBytes(StandardCharsets.US_ASCII));

            for (RawWebSocket ws : new RawWebSocket[] {unmasked, reserved}) {
                RawWebSocket.Close close = ws.awaitClose();
                assertEquals(1002, close.code(), close.reason());
                assertTrue(!close.reason().isBlank(), "the reason is given");
            }
        }
        assertParticipantsLeft("uma", "rex");
    }

    /** Joins {@code identity} over HTTP (no media) and opens its events socket frame by frame. */
    private static RawWebSocket open(String identity) {
        String token = SecuredNode.token(identity, CONFERENCE, false);
        String offer = PeerSdp.joinOffer(PeerIdentity.random(identity), FINGERPRINT);
        Reply joined = LIMITED.node().as(token).join(CONFERENCE, offer);
        assertEquals(201, joined.status(), joined.body());
        String events = joined.json().path("events").asText();
        return RawWebSocket.open(LIMITED.server().httpPort(), events.substring(events.indexOf("/v1/")), token);
    }

    /** Closing a participant's events socket removed it; the bystanders stay, and so does their media. */
    private static void assertParticipantsLeft(String... identities) {
        Poll.until("the participants whose sockets were closed have left", () ->
                LIMITED.server().conferences().hosts(CONFERENCE) ? "still in " + CONFERENCE + ": "
                        + LIMITED.server().conferences().participants(CONFERENCE) : null);
        assertEquals(2, LIMITED.server().conferences().participants(OtherConference.ID).size(),
                "identities " + String.join(", ", identities) + " left, nobody else");
        LIMITED.other().assertMediaFlows();
    }

    private static void assertNamesLimit(RawWebSocket.Close close, int limit, Setting setting) {
        assertTrue(close.reason().contains(Integer.toString(limit)), close.reason());
        assertTrue(close.reason().contains(setting.key()), close.reason());
        assertTrue(close.reason().getBytes(StandardCharsets.UTF_8).length <= 123,
                "a close reason fits a control frame (RFC 6455 §5.5): " + close.reason());
    }
}
