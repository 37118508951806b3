package io.meridian.server.api;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written frame by frame on a plain socket (RFC 6455 §5.2), for frames no WebSocket library
 * sends: invalid UTF-8 in a text frame, an unmasked client frame, a message split over many frames.
 */
final class RawWebSocket implements AutoCloseable {
    static final int TEXT = 0x1;
    static final int CONTINUATION = 0x0;
    private static final int CLOSE = 0x8;
    private static final int READ_TIMEOUT_MILLIS = 15_000;

    /** A close frame's status code and reason (RFC 6455 §5.5.1); code -1 when the connection ended without one. */
    record Close(int code, String reason) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Upgrades {@code GET target} (path and query) on a new connection; fails unless the node answers 101. */
    static RawWebSocket open(int port, String target, String bearerToken) {
        try {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            RawWebSocket ws = new RawWebSocket(socket);
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(key) + "\r\nAuthorization: Bearer " + bearerToken + "\r\n\r\n";
            ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
            ws.out.flush();
            String head = ws.readHead();
            if (!head.startsWith("HTTP/1.1 101")) {
                socket.close();
                throw new AssertionError("the upgrade was refused: " + head);
            }
            return ws;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** One frame, masked as every client frame must be (RFC 6455 §5.3). */
    void send(int opcode, boolean fin, byte[] payload) {
        write(opcode, fin, payload, true);
    }

    /** One frame without the mask a client must apply: a protocol error (RFC 6455 §5.1). */
    void sendUnmasked(int opcode, byte[] payload) {
        write(opcode, true, payload, false);
    }

    private void write(int opcode, boolean fin, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        if (masked) {
            ThreadLocalRandom.current().nextBytes(mask);
            frame.writeBytes(mask);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        try {
            out.write(frame.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the node's frames, skipping its messages, until its close frame or the end of the connection. */
    Close awaitClose() {
        try {
            while (true) {
                int first = in.readUnsignedByte();
                long length = in.readUnsignedByte() & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                if ((first & 0x0F) == CLOSE) {
                    return payload.length < 2 ? new Close(-1, "")
                            : new Close(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF),
                                    new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
                }
            }
        } catch (EOFException ended) {
            return new Close(-1, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
