package io.meridian.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An ICE-TCP connection to the node's passive candidate (RFC 6544 §4.5: this side is active), carrying each packet
 * as an RFC 4571 frame: a 16-bit length, then the packet. A frame is written whole or not begun: a frame cut
 * halfway would shift every later one, so a send that finds the connection's buffer full waits for room, and a
 * connection that makes no room for {@link #STALL_NANOS} is closed.
 */
final class TcpWire extends Wire {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final SocketChannel socket;
    private final ByteBuffer length = ByteBuffer.allocate(2);
    private final ByteBuffer[] frame = new ByteBuffer[2];

    TcpWire(InetSocketAddress node, ReceiveLoop.Handler handler) throws IOException {
        this(SocketChannel.open(), node, handler);
    }

    private TcpWire(SocketChannel socket, InetSocketAddress node, ReceiveLoop.Handler handler) throws IOException {
        super(socket);
        this.socket = socket;
        try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            socket.bind(new InetSocketAddress(Wire.sourceAddressTowards(node), 0));
            socket.socket().connect(node, CONNECT_TIMEOUT_MILLIS);
            ReceiveLoop.shared().registerStream(socket, handler);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    synchronized boolean send(ByteBuffer packet) {
        int len = packet.remaining();
        if (len == 0 || len > 0xFFFF || !socket.isOpen()) {
            return false;
        }
        length.clear();
        length.putShort(0, (short) len);
        frame[0] = length;
        frame[1] = packet;
        long waitingSince = 0;
        try {
            while (packet.hasRemaining()) {
                if (socket.write(frame) > 0) {
                    waitingSince = 0;
                } else if (waitingSince == 0) {
                    waitingSince = System.nanoTime();
                } else if (System.nanoTime() - waitingSince > STALL_NANOS) {
                    close(); // the rest of this frame will never go: the stream is broken
                    return false;
                } else {
                    LockSupport.parkNanos(WAIT_NANOS);
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            frame[1] = null;
        }
    }
}
