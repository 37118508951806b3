package io.meridian.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The one thread that reads every scripted peer's socket in this JVM (a selector over non-blocking channels),
 * instead of a blocked reader thread per socket. This matters for what the load generator measures: on loopback the
 * kernel delivers each datagram to its receiving socket in the sender's context, so waking a separate blocked
 * thread per packet charged the server under test with hundreds of context switches and wake-ups per fan-out that
 * a real client on another machine would never cost it.
 */
final class ReceiveLoop {
    /** Datagrams read from one socket per turn before the next ready socket gets its turn. */
    private static final int BURST = 32;
    private static ReceiveLoop shared;

    /** Called on the loop thread with the datagram in {@code buf[0, len)}, valid only during the call. */
    interface Handler {
        void onDatagram(byte[] buf, int len, long receiveNanos);
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(2048);

    private ReceiveLoop() throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "webrtc-client-rx");
        thread.setDaemon(true);
        thread.start();
    }

    /** The loop every participant of this JVM shares (started on first use; a daemon, so it never holds the JVM). */
    static synchronized ReceiveLoop shared() {
        if (shared == null) {
            try {
                shared = new ReceiveLoop();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a selector", e);
            }
        }
        return shared;
    }

    /** Starts reading {@code channel} (made non-blocking here) into {@code handler}; any thread. */
    void register(DatagramChannel channel, Handler handler) throws IOException {
        channel.configureBlocking(false);
        pending.add(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, handler);
            } catch (ClosedChannelException e) {
                // Closed before the loop got to it: nothing to read.
            }
        });
        selector.wakeup();
    }

    /**
     * Starts reading the connected TCP {@code channel} (made non-blocking here) as RFC 4571 frames: each frame's
     * packet (without its 2-byte length) goes to {@code handler} as a datagram would. A frame that cannot be a
     * packet (empty, or longer than {@code 2048} bytes) ends the reading; the channel is then useless and closed.
     */
    void registerStream(SocketChannel channel, Handler handler) throws IOException {
        channel.configureBlocking(false);
        pending.add(() -> {
            try {
                channel.register(selector, SelectionKey.OP_READ, new FrameReader(channel, handler));
            } catch (ClosedChannelException e) {
                // Closed before the loop got to it.
            }
        });
        selector.wakeup();
    }

    /** Stops ({@code false}) or resumes reading {@code channel}; what arrives meanwhile waits in the kernel. */
    void reading(SelectableChannel channel, boolean on) {
        pending.add(() -> {
            SelectionKey key = channel.keyFor(selector);
            if (key != null && key.isValid()) {
                key.interestOps(on ? SelectionKey.OP_READ : 0);
            }
        });
        selector.wakeup();
    }

    private void run() {
        while (true) {
            try {
                selector.select();
            } catch (IOException e) {
                return;
            }
            for (Runnable r = pending.poll(); r != null; r = pending.poll()) {
                r.run();
            }
            for (SelectionKey key : selector.selectedKeys()) {
                if (!key.isValid()) {
                    continue;
                }
                if (key.attachment() instanceof FrameReader frames) {
                    frames.drain();
                } else {
                    drain((DatagramChannel) key.channel(), (Handler) key.attachment());
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private void drain(DatagramChannel channel, Handler handler) {
        for (int i = 0; i < BURST; i++) {
            buffer.clear();
            int len;
            try {
                // Connected channels: read() takes only the peer's datagrams and allocates no sender address.
                len = channel.read(buffer);
            } catch (IOException e) {
                return; // closed, or an ICMP error reported on a connected socket: the next read goes on
            }
            if (len <= 0) {
                return;
            }
            handler.onDatagram(buffer.array(), len, System.nanoTime());
        }
    }

    /** One TCP connection's bytes, cut into RFC 4571 frames (§2: a 16-bit length, then the packet). */
    private static final class FrameReader {
        private final SocketChannel channel;
        private final Handler handler;
        private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
        /** The frame being handled, at offset 0 as a datagram is. */
        private final byte[] frame = new byte[2048];

        FrameReader(SocketChannel channel, Handler handler) {
            this.channel = channel;
            this.handler = handler;
        }

        void drain() {
            int read;
            try {
                read = channel.read(bytes);
            } catch (IOException e) {
                read = -1;
            }
            if (read < 0) {
                close();
                return;
            }
            long now = System.nanoTime();
            bytes.flip();
            while (bytes.remaining() >= 2) {
                int len = bytes.getShort(bytes.position()) & 0xFFFF;
                if (len == 0 || len > 2048) {
                    close();
                    return;
                }
                if (bytes.remaining() < 2 + len) {
                    break;
                }
                bytes.position(bytes.position() + 2);
                bytes.get(frame, 0, len);
                handler.onDatagram(frame, len, now);
            }
            bytes.compact();
        }

        private void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
    }
}
