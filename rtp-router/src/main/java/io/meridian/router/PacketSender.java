package io.meridian.router;

import io.netty.buffer.ByteBuf;

/** Sends one datagram to a participant's selected address; takes ownership of {@code datagram}. */
@FunctionalInterface
public interface PacketSender {
    void send(ByteBuf datagram);
}
