package io.meridian.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * A UDP socket bound to the local address the kernel routes the node's address from (127.0.0.1 for a node on
 * loopback, this end of the veth pair for a node in a network namespace) and connected to the node, so the kernel
 * drops datagrams from anywhere else.
 */
final class UdpWire extends Wire {
    /**
     * One thread reads every peer; 4 MB (Linux's usual rmem_max) rides out a stall of that thread while 24
     * publishers' key frames arrive together, where 1 MB overflowed in conference runs (kernel drops).
     */
    private static final int RECEIVE_BUFFER = 4 << 20;

    private final DatagramChannel socket;

    UdpWire(InetSocketAddress node, ReceiveLoop.Handler handler) throws IOException {
        this(DatagramChannel.open(), node, handler);
    }

    private UdpWire(DatagramChannel socket, InetSocketAddress node, ReceiveLoop.Handler handler) throws IOException {
        super(socket);
        this.socket = socket;
        try {
            socket.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            socket.bind(new InetSocketAddress(Wire.sourceAddressTowards(node), 0));
            socket.connect(node);
            ReceiveLoop.shared().register(socket, handler);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    boolean send(ByteBuffer packet) {
        int len = packet.remaining();
        try {
            // Non-blocking: a full send buffer writes nothing, which counts as not sent.
            return socket.write(packet) == len;
        } catch (IOException e) {
            return false; // closing sockets fail here on purpose; STUN and DTLS retransmit
        }
    }
}
