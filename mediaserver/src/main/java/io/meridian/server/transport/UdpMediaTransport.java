package io.meridian.server.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;

import java.net.InetSocketAddress;

/**
 * The node's one UDP socket for every participant (ARCHITECTURE.md: operators suffer from port ranges). Uses epoll
 * with recvmmsg batching on Linux and NIO elsewhere. All media of the node runs on this socket's event loop, so a
 * conference's media state is touched by one thread only.
 */
public final class UdpMediaTransport implements AutoCloseable {
    /** Largest datagram we accept; WebRTC keeps RTP under the path MTU (about 1200 bytes). */
    static final int MAX_DATAGRAM = 2048;
    /** Datagrams read per recvmmsg call. */
    private static final int BATCH = 16;
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Channel channel;

    /**
     * @param alloc the node's pooled allocator, also for the receive buffers: each received datagram is a slice of
     *              one, and a pooled buffer's slices are recycled where Netty's default adaptive allocator makes a
     *              new slice object per datagram
     */
    public UdpMediaTransport(String host, int port, MediaPacketHandler handler, ByteBufAllocator alloc)
            throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Bootstrap bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.ALLOCATOR, alloc)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .handler(handler);
        if (epoll) {
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM * BATCH));
        } else {
            bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
        }
        try {
            this.channel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully();
            throw e;
        }
        handler.attach(channel);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** The id of the media event loop's thread (for its CPU and allocation metrics). */
    public long eventLoopThreadId() {
        try {
            return channel.eventLoop().submit(() -> Thread.currentThread().getId()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the media loop for its thread", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the media loop did not answer", e.getCause());
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
