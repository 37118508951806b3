package io.meridian.server.transport;

import io.netty.buffer.ByteBuf;

import java.net.InetSocketAddress;

/**
 * A participant as the transport (the UDP socket, and ICE-TCP connections) sees it. Methods marked "home" run on the
 * participant's home loop (the loop of its conference), whichever loop's socket read the datagram.
 */
public interface MediaEndpoint {

    /** The loop that owns this participant's media state. */
    MediaLoop home();

    /** Home: {@code from} passed an ICE connectivity check; {@code nominated} when it carried USE-CANDIDATE. */
    void onCheckPassed(InetSocketAddress from, boolean nominated);

    /** Home: an ICE-TCP connection passed a check (RFC 6544); {@code nominated} when it carried USE-CANDIDATE. */
    void onTcpCheckPassed(TcpLink link, boolean nominated);

    /** Home: an ICE-TCP connection that passed a check closed. */
    void onTcpClosed(TcpLink link);

    /** Any media loop: a DTLS record arrived from a checked address. The bytes are only valid during the call. */
    void onDtls(byte[] data, int off, int len);

    /** Home: an SRTP/SRTCP datagram arrived from a checked address; takes ownership of {@code packet}. */
    void onMedia(ByteBuf packet);
}
