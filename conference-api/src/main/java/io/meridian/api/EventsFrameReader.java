package io.meridian.api;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * Reads one events socket's frames into messages within the node's limits, and says with which close code of
 * RFC 6455 §7.4.1 the socket ends when a client breaks one: 1008 (policy violation) past
 * {@code limits.events-messages-per-second}, 1009 (message too big) past {@code limits.events-message-bytes}, 1007
 * for a text message that is not UTF-8 (RFC 6455 §8.1), and 1002 (protocol error) for frames the WebSocket decoder
 * refuses (unmasked, reserved opcode, bad fragmentation: RFC 6455 §5). Messages are assembled here rather than by
 * Vert.x, whose own assembly neither checks UTF-8 nor tells a message over its size from other failures. Every
 * frame of a message counts against the rate, so a message split into ever more frames is no way round it. Runs on
 * the socket's event loop.
 */
final class EventsFrameReader {
    static final short NORMAL = 1000;
    static final short PROTOCOL_ERROR = 1002;
    static final short INVALID_PAYLOAD = 1007;
    static final short POLICY_VIOLATION = 1008;
    static final short MESSAGE_TOO_BIG = 1009;
    /** A close frame's payload is at most 125 bytes, 2 of them the code (RFC 6455 §5.5). */
    private static final int MAX_REASON_BYTES = 123;

    /** What the socket does with a complete message, or how it ends. */
    interface Listener {
        void text(String message);

        void binary();

        void close(short code, String reason);
    }

    private final ApiLimits limits;
    private final LongSupplier nanos;
    private final RateLimit rate;
    private final Listener listener;
    /** The message being assembled, null between messages. */
    private Buffer message;
    private boolean text;
    private boolean closed;

    EventsFrameReader(ApiLimits limits, Listener listener) {
        this.limits = limits;
        this.nanos = limits.nanos();
        this.rate = new RateLimit(limits.eventsMessagesPerSecond(), nanos.getAsLong());
        this.listener = listener;
    }

    void frame(WebSocketFrame frame) {
        if (closed || !(frame.isText() || frame.isBinary() || frame.isContinuation())) {
            return;
        }
        if (!rate.take(nanos.getAsLong())) {
            close(POLICY_VIOLATION, "over " + limits.eventsMessagesPerSecond()
                    + " messages a second (setting limits.events-messages-per-second)");
            return;
        }
        if (!frame.isContinuation()) {
            message = Buffer.buffer();
            text = frame.isText();
        } else if (message == null) {
            close(PROTOCOL_ERROR, "a continuation frame with no message to continue");
            return;
        }
        message.appendBuffer(frame.binaryData());
        if (message.length() > limits.eventsMessageBytes()) {
            close(MESSAGE_TOO_BIG, tooBig());
            return;
        }
        if (frame.isFinal()) {
            Buffer complete = message;
            message = null;
            deliver(complete);
        }
    }

    private void deliver(Buffer complete) {
        if (!text) {
            listener.binary();
            return;
        }
        try {
            listener.text(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(complete.getBytes()))
                    .toString());
        } catch (CharacterCodingException e) {
            close(INVALID_PAYLOAD, "a text message that is not valid UTF-8");
        }
    }

    /**
     * A failure of the socket: a frame the decoder refused ends it with the decoder's code; anything else (the
     * connection broke) with a normal close.
     */
    void failed(Throwable error) {
        if (!(error instanceof CorruptedWebSocketFrameException refused)) {
            close(NORMAL, "");
        } else if (refused.closeStatus().code() == MESSAGE_TOO_BIG) {
            close(MESSAGE_TOO_BIG, tooBig());
        } else {
            String reason = String.valueOf(refused.getMessage());
            close((short) refused.closeStatus().code(), reason.length() > MAX_REASON_BYTES
                    ? reason.substring(0, MAX_REASON_BYTES) : reason);
        }
    }

    private String tooBig() {
        return "a message over " + limits.eventsMessageBytes()
                + " bytes (setting limits.events-message-bytes)";
    }

    private void close(short code, String reason) {
        closed = true;
        message = null;
        listener.close(code, reason);
    }
}
