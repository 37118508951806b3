package io.meridian.server.transport;

import io.meridian.server.ice.IceLiteResponder;
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
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The node's media loops, all on one UDP port (ARCHITECTURE.md: operators suffer from port ranges). Each loop has its
 * own socket bound to that port with SO_REUSEPORT, so the kernel spreads clients over the loops by their address
 * (a client's datagrams always reach the same socket) and each loop reads with recvmmsg on its own. A datagram that
 * reaches a loop other than its conference's is handed over through a lock-free ring. The alternative, a port per
 * loop advertised in each conference's candidates, avoids the hand-off but gives operators a port range again.
 * Without epoll (not Linux) there is one NIO loop.
 */
public final class MediaLoops implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaLoops.class);
    /** Largest datagram we accept; WebRTC keeps RTP under the path MTU (about 1200 bytes). */
    public static final int MAX_DATAGRAM = 2048;
    /**
     * Bytes read per datagram: one more than we accept, so a datagram the kernel cut at the read size (it does not
     * say so through Netty) shows as oversized instead of passing as whole.
     */
    static final int READ_SIZE = MAX_DATAGRAM + 1;
    /** Datagrams read per recvmmsg call. */
    private static final int BATCH = 16;
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

    private final EventLoopGroup group;
    private final List<MediaLoop> loops = new ArrayList<>();
    private final TransportCounters counters = new TransportCounters();
    private final int port;
    /** The ICE-TCP listener, once {@link #listenTcp} opened it. */
    private volatile TcpMediaServer tcp;
    /** The port shared by ICE-TCP and the API, once {@link #listenShared} opened it. */
    private volatile TcpMediaServer shared;

    /**
     * @param alloc the node's pooled allocator, also for the receive buffers: each received datagram is a slice of
     *              one, and a pooled buffer's slices are recycled where Netty's default adaptive allocator makes a
     *              new slice object per datagram
     */
    public MediaLoops(String host, int port, int count, IceLiteResponder ice, ByteBufAllocator alloc)
            throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        int n = epoll ? Math.max(1, count) : 1;
        if (n < count) {
            LOG.warn("media.loops={} needs epoll (Linux) for one socket per loop; running 1 media loop", count);
        }
        this.group = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory("meridian-media"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            int bound = port;
            int i = 0;
            for (EventExecutor executor : group) {
                EventLoop eventLoop = (EventLoop) executor;
                MediaLoop loop = new MediaLoop(i++, n, eventLoop,
                        new MediaPacketHandler(ice, alloc, counters, new LoopCounters()));
                Channel channel = bootstrap(eventLoop, loop.handler(), alloc, epoll, n > 1)
                        .bind(new InetSocketAddress(host, bound)).sync().channel();
                loop.attach(channel);
                bound = ((InetSocketAddress) channel.localAddress()).getPort();
                loops.add(loop);
            }
            this.port = bound;
        } catch (RuntimeException | InterruptedException e) {
            closeQuietly();
            throw e;
        }
    }

    private static Bootstrap bootstrap(EventLoop loop, MediaPacketHandler handler, ByteBufAllocator alloc,
                                       boolean epoll, boolean reusePort) {
        Bootstrap bootstrap = new Bootstrap().group(loop)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.ALLOCATOR, alloc)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .handler(handler);
        if (epoll) {
            bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, READ_SIZE)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(READ_SIZE * BATCH))
                    .option(EpollChannelOption.SO_REUSEPORT, reusePort);
        } else {
            bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(READ_SIZE));
        }
        return bootstrap;
    }

    public int port() {
        return port;
    }

    /**
     * Opens the ICE-TCP port (RFC 6544) on {@code host:port} (0: any free port), its connections served by these
     * loops; returns the port bound.
     */
    public int listenTcp(IceLiteResponder ice, ByteBufAllocator alloc, String host, int port)
            throws InterruptedException {
        tcp = TcpMediaServer.start(this, ice, alloc, host, port);
        return tcp.port();
    }

    /**
     * Opens a TCP port on {@code host:port} shared by ICE-TCP and the API (whose connections go on to {@code api});
     * returns the port bound.
     */
    public int listenShared(IceLiteResponder ice, ByteBufAllocator alloc, String host, int port,
                            java.util.function.Supplier<InetSocketAddress> api) throws InterruptedException {
        shared = TcpMediaServer.startShared(this, ice, alloc, host, port, api);
        return shared.port();
    }

    /** The port shared by ICE-TCP and the API, 0 when none is open. */
    public int sharedPort() {
        TcpMediaServer server = shared;
        return server == null ? 0 : server.port();
    }

    /** The ICE-TCP port, 0 when none is open. */
    public int tcpPort() {
        TcpMediaServer server = tcp;
        return server == null ? 0 : server.port();
    }

    /** The loops' threads, for other channels that serve the loops' participants (ICE-TCP connections). */
    EventLoopGroup group() {
        return group;
    }

    /** The media loop running on {@code eventLoop}. */
    MediaLoop loopOf(EventLoop eventLoop) {
        for (MediaLoop loop : loops) {
            if (loop.eventLoop() == eventLoop) {
                return loop;
            }
        }
        throw new IllegalArgumentException("not one of the media loops: " + eventLoop);
    }

    public int size() {
        return loops.size();
    }

    public MediaLoop loop(int index) {
        return loops.get(index);
    }

    public List<MediaLoop> loops() {
        return List.copyOf(loops);
    }

    /** The loop with the fewest participants, for a new conference (ties go to the lowest index). */
    public MediaLoop leastLoaded() {
        MediaLoop best = loops.get(0);
        for (MediaLoop loop : loops) {
            if (loop.participants() < best.participants()) {
                best = loop;
            }
        }
        return best;
    }

    /** Datagrams refused before any participant saw them, and the node's flushes, over every loop. */
    public TransportCounters counters() {
        return counters;
    }

    /** Forgets every address of a departed participant on every loop (each loop keeps its own). */
    public void forget(MediaEndpoint endpoint) {
        for (MediaLoop loop : loops) {
            loop.eventLoop().execute(() -> loop.handler().forget(endpoint));
        }
    }

    /** The ids of the loops' threads (for their CPU and allocation metrics), by loop index. */
    public long[] threadIds() {
        long[] ids = new long[loops.size()];
        for (int i = 0; i < ids.length; i++) {
            try {
                ids[i] = loops.get(i).eventLoop().submit(() -> Thread.currentThread().getId()).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while asking a media loop for its thread", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a media loop did not answer", e.getCause());
            }
        }
        return ids;
    }

    @Override
    public void close() {
        for (TcpMediaServer server : new TcpMediaServer[] {tcp, shared}) {
            if (server != null) {
                server.close();
            }
        }
        for (MediaLoop loop : loops) {
            loop.channel().close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        loops.forEach(MediaLoop::releaseQueued);
    }

    private void closeQuietly() {
        for (MediaLoop loop : loops) {
            loop.channel().close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
