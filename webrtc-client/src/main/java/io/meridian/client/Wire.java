package io.meridian.client;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;

/**
 * What a {@link MediaTransport} sends and receives packets over: a connected UDP socket, or an ICE-TCP connection
 * (RFC 6544) carrying each packet as an RFC 4571 frame. Either way the shared {@link ReceiveLoop} hands it each
 * packet whole.
 */
abstract class Wire implements AutoCloseable {
    private final SelectableChannel channel;

    /** @param channel a {@link NetworkChannel} too */
    Wire(SelectableChannel channel) {
        this.channel = channel;
    }

    /** Sends one packet whole (a datagram, or one frame); false when it could not be sent. Any thread. */
    abstract boolean send(ByteBuffer packet);

    /** This end's address. */
    final InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) ((NetworkChannel) channel).getLocalAddress();
    }

    /** Stops ({@code false}) or resumes reading; what arrives meanwhile stays in the kernel's buffers. */
    final void reading(boolean on) {
        ReceiveLoop.shared().reading(channel, on);
    }

    @Override
    public final void close() {
        try {
            channel.close(); // the receive loop drops its key with the channel
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    /** The address the kernel sends to {@code node} from (a connected UDP socket's local address; no packet sent). */
    static InetAddress sourceAddressTowards(InetSocketAddress node) throws IOException {
        if (node.getAddress().isLoopbackAddress()) {
            return InetAddress.getLoopbackAddress();
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(node);
            return probe.getLocalAddress();
        }
    }
}
