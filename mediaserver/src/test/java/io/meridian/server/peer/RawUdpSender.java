package io.meridian.server.peer;

import io.meridian.client.BindingRequest;
import io.meridian.client.StunClient;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * A UDP socket on loopback that never passes an ICE check: sends arbitrary datagrams to the node's media port.
 * {@link #barrier()} paces a flood so the node's socket buffer never overflows: the node handles the datagrams of
 * one sender in order, so its answer to an unauthenticated Binding request means everything sent before is done.
 */
public final class RawUdpSender implements AutoCloseable {
    private static final int BARRIER_ATTEMPTS = 10;

    private final DatagramSocket socket;
    private final InetSocketAddress node;
    /** Credentials the node does not know, so it answers 401 (RFC 8489 §9.1.3) without touching any session. */
    private final StunClient stranger = new StunClient("strangerUfrag", "strangerPasswordOf22chars", "nobody");

    public RawUdpSender(int nodePort) throws IOException {
        this.node = new InetSocketAddress(InetAddress.getLoopbackAddress(), nodePort);
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(1000);
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public void send(byte[] datagram) {
        try {
            socket.send(new DatagramPacket(datagram, datagram.length, node));
        } catch (IOException e) {
            throw new AssertionError("send to " + node + " failed: " + e, e);
        }
    }

    /** Returns once the node has answered a Binding request sent after everything before it. */
    public void barrier() {
        BindingRequest request = stranger.bindingRequest(1, false);
        byte[] buf = new byte[2048];
        for (int attempt = 0; attempt < BARRIER_ATTEMPTS; attempt++) {
            send(request.bytes());
            try {
                while (true) {
                    DatagramPacket packet = new DatagramPacket(buf, buf.length);
                    socket.receive(packet);
                    // RFC 8489 §6: the transaction id is bytes 8..19 of the header.
                    if (packet.getLength() >= 20 && Arrays.equals(buf, 8, 20, request.transactionId(), 0, 12)) {
                        return;
                    }
                }
            } catch (SocketTimeoutException e) {
                // Retransmit: the request itself may have been dropped by a full socket buffer.
            } catch (IOException e) {
                throw new AssertionError("receive failed: " + e, e);
            }
        }
        throw new AssertionError("the node did not answer a Binding request from " + localAddress());
    }

    @Override
    public void close() {
        socket.close();
    }
}
