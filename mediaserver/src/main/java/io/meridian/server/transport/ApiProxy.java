package io.meridian.server.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An API connection that came in on the shared TCP port, passed byte for byte to the node's own HTTP(S) listener
 * (TLS included: the listener terminates it), and its answers back. What the client sent before the connection to
 * the listener was up waits for it. Either side closing closes both. On the client connection's loop.
 */
final class ApiProxy extends ChannelInboundHandlerAdapter {
    private final Supplier<InetSocketAddress> api;
    private Channel backend;
    private final List<Object> pending = new ArrayList<>();

    ApiProxy(Supplier<InetSocketAddress> api) {
        this.api = api;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        Channel client = ctx.channel();
        new Bootstrap().group(client.eventLoop())
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext backendCtx, Object msg) {
                        client.writeAndFlush(msg);
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext backendCtx) {
                        closeOnFlush(client);
                    }
                })
                .connect(api.get()).addListener((ChannelFutureListener) connected -> {
                    if (!connected.isSuccess()) {
                        pending.forEach(io.netty.util.ReferenceCountUtil::release);
                        pending.clear();
                        client.close();
                        return;
                    }
                    backend = connected.channel();
                    pending.forEach(backend::write);
                    pending.clear();
                    backend.flush();
                });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (backend != null) {
            backend.writeAndFlush(msg);
        } else {
            pending.add(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pending.forEach(io.netty.util.ReferenceCountUtil::release);
        pending.clear();
        if (backend != null) {
            closeOnFlush(backend);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeOnFlush(ctx.channel());
    }

    private static void closeOnFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
