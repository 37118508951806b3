package io.meridian.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.function.Consumer;

/**
 * The first handler on the shared TCP port: tells an API client from an ICE-TCP one by the connection's first byte,
 * then makes the pipeline that one's and steps aside (the bytes it held go on to it). A TLS record begins with its
 * content type, 22 for the ClientHello (RFC 8446 §5.1); plain HTTP with the method's upper-case letter (RFC 9112
 * §3); an ICE-TCP connection with an RFC 4571 length, whose high byte is 0 for any STUN check (well under 256 bytes)
 * and at most 8 for any packet the node accepts.
 */
final class PortUnification extends ByteToMessageDecoder {
    private static final int TLS_HANDSHAKE = 22;

    private final Consumer<ChannelHandlerContext> api;
    private final Consumer<ChannelHandlerContext> iceTcp;

    PortUnification(Consumer<ChannelHandlerContext> api, Consumer<ChannelHandlerContext> iceTcp) {
        this.api = api;
        this.iceTcp = iceTcp;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        int first = in.getUnsignedByte(in.readerIndex());
        if (first == TLS_HANDSHAKE || first >= 'A' && first <= 'Z') {
            api.accept(ctx);
        } else {
            iceTcp.accept(ctx);
        }
        ctx.pipeline().remove(this);
    }
}
