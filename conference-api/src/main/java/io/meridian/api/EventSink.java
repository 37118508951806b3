package io.meridian.api;

/** The node's side of a participant's events socket; safe to call from any thread. */
public interface EventSink {
    void send(SignalMessage message);

    /** Closes the socket with a WebSocket close code (RFC 6455 §7.4) and a short reason. */
    void close(short code, String reason);
}
