package io.meridian.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.client.ApiClient.Reply;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written byte for byte on a fresh connection, for requests java.net.http refuses to send: a URI with a
 * malformed percent-escape, a broken body, a request abandoned half-way.
 */
final class RawHttp {
    private static final int READ_TIMEOUT_MILLIS = 15_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    /** The address connections come from; null: any the kernel picks. */
    private final InetAddress localAddress;

    RawHttp(int port) {
        this(port, null);
    }

    /** Connections from {@code localAddress}, e.g. 127.0.0.2: another client address on the same machine. */
    RawHttp(int port, InetAddress localAddress) {
        this.port = port;
        this.localAddress = localAddress;
    }

    /** A response: its status line and headers as sent, and its status and body. */
    record Response(String head, Reply reply) {
        /** The value of header {@code name} (case-insensitive), or null. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    /** {@code GET target} with {@code Connection: close}. */
    Reply get(String target) {
        return exchange("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }

    /** Sends {@code request} as it is and reads the response until the node closes the connection. */
    Reply exchange(String request) {
        return send(request).reply();
    }

    /** As {@link #exchange}, keeping the response's headers. */
    Response send(String request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, localAddress, 0)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            return parse(response.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("raw request to port " + port + " failed", e);
        }
    }

    /** {@code POST path} of a JSON body with a bearer token, as a client would send a join. */
    Response postJson(String path, String bearerToken, String json) {
        return send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer "
                + bearerToken + "\r\nContent-Type: application/json\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json);
    }

    /** Sends {@code partialRequest} and closes the connection without waiting for an answer. */
    void abandon(String partialRequest) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(partialRequest.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("raw request to port " + port + " failed", e);
        }
    }

    /** Status and body of a response whose body runs to the end of the connection; status 0 if there was none. */
    private static Response parse(String response) {
        if (response.isEmpty()) {
            return new Response("", new Reply(0, "", null));
        }
        int headEnd = response.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? response : response.substring(0, headEnd);
        String body = headEnd < 0 ? "" : response.substring(headEnd + 4);
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        JsonNode json;
        try {
            json = body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException notJson) {
            json = null;
        }
        return new Response(head, new Reply(status, body, json));
    }
}
