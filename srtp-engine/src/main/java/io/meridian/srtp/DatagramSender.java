package io.meridian.srtp;

/**
 * Where a DTLS session writes its outbound datagrams; the caller routes them to the participant's address on the
 * node's single UDP port. Called from a handshake executor thread, so it must be thread-safe and must not block.
 */
@FunctionalInterface
public interface DatagramSender {
    void send(byte[] data, int off, int len);
}
