package io.meridian.api;

/** The node's handler for one participant's events socket. */
public interface EventSession {
    /** A message from the client, already parsed; invalid ones never reach here. */
    void onMessage(SignalMessage message);

    /** The socket closed (by either side or by network failure). */
    void onClose();
}
