package io.meridian.server.transport;

import io.netty.buffer.ByteBuf;

import java.net.InetSocketAddress;

/** A participant as the UDP transport sees it. Methods marked "loop" run on the media event loop. */
public interface MediaEndpoint {

    /** Loop: {@code from} passed an ICE connectivity check; {@code nominated} when it carried USE-CANDIDATE. */
    void onCheckPassed(InetSocketAddress from, boolean nominated);

    /** Loop: a DTLS record arrived from a checked address. The bytes are only valid during the call. */
    void onDtls(byte[] data, int off, int len);

    /** Loop: an SRTP/SRTCP datagram arrived from a checked address; takes ownership of {@code packet}. */
    void onMedia(ByteBuf packet);
}
