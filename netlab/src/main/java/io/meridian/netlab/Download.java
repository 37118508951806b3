package io.meridian.netlab;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP download from the hub into a namespace, as fast as its link allows: the hub writes for ever and a
 * {@code cat} inside reads (bash's {@code /dev/tcp}, so nothing but bash is needed there). TCP's congestion control
 * keeps a rate-limited link's queue near full, which is how a busy link delays everything else on it. See
 * {@link NetworkLab#startDownload}.
 */
public final class Download implements AutoCloseable {
    private static final int ACCEPT_TIMEOUT_MILLIS = 10_000;

    private final Process reader;
    private final Socket socket;
    private final Thread writer;
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean closed;

    private Download(Process reader, Socket socket) {
        this.reader = reader;
        this.socket = socket;
        this.writer = new Thread(this::write, "netlab-download");
        this.writer.setDaemon(true);
    }

    static Download start(Namespace ns, String hubAddress) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName(hubAddress))) {
            server.setSoTimeout(ACCEPT_TIMEOUT_MILLIS);
            Process reader = new ProcessBuilder(ns.exec(List.of("bash", "-c", "exec cat < /dev/tcp/" + hubAddress
                    + "/" + server.getLocalPort() + " > /dev/null"))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            reader.getOutputStream().close();
            try {
                Download download = new Download(reader, server.accept());
                download.writer.start();
                return download;
            } catch (IOException | RuntimeException e) {
                Commands.killTree(reader.toHandle());
                throw new IOException("the download into " + ns + " did not connect", e);
            }
        }
    }

    /** Bytes handed to TCP so far. */
    public long bytesSent() {
        return bytes.get();
    }

    private void write() {
        byte[] chunk = new byte[16 * 1024];
        try (OutputStream out = socket.getOutputStream()) {
            while (!closed) {
                out.write(chunk);
                bytes.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            // Closed, or the reader is gone.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        Commands.killTree(reader.toHandle());
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
