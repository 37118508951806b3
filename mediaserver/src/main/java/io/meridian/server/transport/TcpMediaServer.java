package io.meridian.server.transport;

import io.meridian.server.ice.IceLiteResponder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

import io.netty.channel.ChannelPipeline;

import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The node's ICE-TCP port (RFC 6544): one listening socket for every participant, advertised as passive host
 * candidates below the UDP ones. Each connection carries RFC 4571 frames (a 2-byte length before each STUN, DTLS or
 * SRTP packet; Netty's length-field codecs cut and add them) and runs on one of the media loops, whose participants'
 * media it reads as the UDP socket does.
 */
public final class TcpMediaServer implements AutoCloseable {
    /** The longest frame: the largest datagram the node accepts on UDP, plus the length field. */
    static final int MAX_FRAME = MediaLoops.MAX_DATAGRAM + 2;
    /**
     * A connection's write queue: above the high mark packets are dropped (a stalled reader), below the low one they
     * flow again. 256 KB is a second of a 2 Mbit/s downlink.
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    private final Channel server;

    private TcpMediaServer(Channel server) {
        this.server = server;
    }

    /** Listens on {@code host:port} (0: any free port). */
    public static TcpMediaServer start(MediaLoops loops, IceLiteResponder ice, ByteBufAllocator alloc, String host,
                                       int port) throws InterruptedException {
        return start(loops, alloc, host, port, ch -> iceTcp(ch.pipeline(), loops, ice, alloc, ch));
    }

    /**
     * Listens on {@code host:port} for both ICE-TCP and the API (RFC 8446/RFC 9112 bytes first: passed on to the
     * node's HTTP(S) listener at {@code api}), told apart by each connection's first byte ({@link PortUnification}).
     */
    public static TcpMediaServer startShared(MediaLoops loops, IceLiteResponder ice, ByteBufAllocator alloc,
                                             String host, int port, Supplier<InetSocketAddress> api)
            throws InterruptedException {
        return start(loops, alloc, host, port, ch -> ch.pipeline().addLast(new PortUnification(
                ctx -> ctx.pipeline().addLast(new ApiProxy(api)),
                ctx -> iceTcp(ctx.pipeline(), loops, ice, alloc, ch))));
    }

    /** The pipeline of an ICE-TCP connection: RFC 4571 frames in and out, then the connection's handler. */
    private static void iceTcp(ChannelPipeline pipeline, MediaLoops loops, IceLiteResponder ice,
                               ByteBufAllocator alloc, SocketChannel ch) {
        pipeline.addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 2, 0, 2), new LengthFieldPrepender(2),
                new TcpMediaHandler(ice, alloc, loops.counters(), loops.loopOf(ch.eventLoop())));
    }

    private static TcpMediaServer start(MediaLoops loops, ByteBufAllocator alloc, String host, int port,
                                        Consumer<SocketChannel> pipeline) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        ServerBootstrap bootstrap = new ServerBootstrap().group(loops.group(), loops.group())
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.ALLOCATOR, alloc)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline.accept(ch);
                    }
                });
        return new TcpMediaServer(bootstrap.bind(new InetSocketAddress(host, port)).sync().channel());
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
