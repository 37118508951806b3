package io.meridian.server.peer;

import io.meridian.rtp.Bytes;
import io.meridian.server.ice.BindingRequest;
import io.meridian.server.ice.StunClient;
import io.meridian.srtp.CertificateFingerprint;
import io.meridian.srtp.DtlsCertificate;
import io.meridian.srtp.DtlsClientSession;
import io.meridian.srtp.DtlsHandshakeCounters;
import io.meridian.srtp.DtlsListener;
import io.meridian.srtp.DtlsNodeContext;
import io.meridian.srtp.DtlsRole;
import io.meridian.srtp.SrtpKeys;
import io.meridian.srtp.SrtpProfile;
import io.meridian.srtp.SrtpProtector;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peer's one UDP socket on 127.0.0.1 towards the node's media port: ICE connectivity checks, the DTLS client,
 * and SRTP in both directions. A reader thread demultiplexes by first byte (RFC 7983 §7: STUN 0..3, DTLS 20..63,
 * RTP/RTCP 128..191) and ignores datagrams from anywhere but the node.
 *
 * <p>SRTP protectors are not thread-safe, so sending and receiving each get their own one built from the same keys.
 */
final class MediaLink implements AutoCloseable {
    /** Bounds a lost handshake; not a timing claim. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_DATAGRAM = 2048;

    private final DatagramSocket socket;
    private final InetSocketAddress node;
    private final DtlsCertificate certificate;
    private final ExecutorService dtlsThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-peer-dtls");
        t.setDaemon(true);
        return t;
    });
    private final Thread reader;
    private final ReceivedMedia received = new ReceivedMedia();
    private final AtomicLong undecryptable = new AtomicLong();
    private final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
    private volatile PendingCheck pendingCheck;
    private volatile DtlsClientSession dtls;
    private volatile SrtpProtector inbound;
    private SrtpProtector outbound;
    private volatile boolean closed;
    private DatagramSocket unchecked;

    private record PendingCheck(StunClient client, byte[] transactionId, CompletableFuture<InetSocketAddress> mapped) {
    }

    MediaLink(InetSocketAddress node, DtlsCertificate certificate) throws SocketException {
        this.node = node;
        this.certificate = certificate;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.reader = new Thread(this::readLoop, "test-peer-reader-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    ReceivedMedia received() {
        return received;
    }

    /** Inbound SRTP/SRTCP this peer could not decrypt (or that arrived before its keys). */
    long undecryptable() {
        return undecryptable.get();
    }

    /**
     * Sends a Binding request (optionally nominating with USE-CANDIDATE) and returns the XOR-MAPPED-ADDRESS of the
     * validated success response, retransmitting a few times (RFC 8489 §6.2.1) in case a datagram is lost.
     */
    InetSocketAddress check(StunClient client, boolean useCandidate) {
        BindingRequest request = client.bindingRequest(0x6E7F1EFFL, useCandidate);
        PendingCheck check = new PendingCheck(client, request.transactionId(), new CompletableFuture<>());
        pendingCheck = check;
        try {
            for (int attempt = 0; attempt < 8; attempt++) {
                sendRaw(request.bytes());
                try {
                    return check.mapped().get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    // Retransmit with the same transaction id.
                }
            }
            throw new AssertionError("no valid STUN Binding success response from " + node);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } finally {
            pendingCheck = null;
        }
    }

    /** Runs the DTLS client handshake over this socket and keys SRTP with its outcome. */
    SrtpProfile handshake(String serverFingerprint, List<SrtpProfile> offered) {
        DtlsNodeContext context = new DtlsNodeContext(certificate, dtlsThreads, HANDSHAKE_TIMEOUT,
                new DtlsHandshakeCounters());
        DtlsClientSession session = new DtlsClientSession(context, new CertificateFingerprint("sha-256",
                serverFingerprint), offered, this::sendRaw, new DtlsListener() {
                    @Override
                    public void onHandshakeComplete(SrtpKeys result) {
                        keys.complete(result);
                    }

                    @Override
                    public void onHandshakeFailed(String reason, Throwable cause) {
                        keys.completeExceptionally(new AssertionError("DTLS handshake failed: " + reason, cause));
                    }
                });
        dtls = session;
        session.start();
        SrtpKeys result;
        try {
            result = keys.get(HANDSHAKE_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("DTLS handshake with " + node + " did not complete: " + e, e);
        }
        synchronized (this) {
            outbound = new SrtpProtector(result, DtlsRole.CLIENT);
        }
        inbound = new SrtpProtector(result, DtlsRole.CLIENT);
        return result.profile();
    }

    /** Encrypts an RTP packet (header and payload in {@code plain}) and returns the SRTP bytes, unsent. */
    synchronized byte[] protectRtp(byte[] plain) {
        return protect(plain, true);
    }

    /** Encrypts an RTCP compound and returns the SRTCP bytes, unsent. */
    synchronized byte[] protectRtcp(byte[] plain) {
        return protect(plain, false);
    }

    private byte[] protect(byte[] plain, boolean rtp) {
        if (outbound == null) {
            throw new IllegalStateException("no SRTP keys yet: run the DTLS handshake first");
        }
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpProtector.MAX_TRAILER_LENGTH);
        int len = rtp ? outbound.protectRtp(buf, 0, plain.length) : outbound.protectRtcp(buf, 0, plain.length);
        if (len < 0) {
            throw new IllegalStateException("SRTP protect failed with " + len);
        }
        return Arrays.copyOf(buf, len);
    }

    /** Sends bytes as they are from this peer's checked socket. */
    void sendRaw(byte[] data) {
        sendRaw(data, 0, data.length);
    }

    private void sendRaw(byte[] data, int off, int len) {
        try {
            socket.send(new DatagramPacket(data, off, len, node));
        } catch (IOException e) {
            if (!closed) {
                throw new AssertionError("send to " + node + " failed: " + e, e);
            }
        }
    }

    /** Sends bytes from a second socket of this peer that never passed an ICE check. */
    synchronized InetSocketAddress sendUnchecked(byte[] data) {
        try {
            if (unchecked == null) {
                unchecked = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            }
            unchecked.send(new DatagramPacket(data, data.length, node));
            return (InetSocketAddress) unchecked.getLocalSocketAddress();
        } catch (IOException e) {
            throw new AssertionError("unchecked send failed: " + e, e);
        }
    }

    private void readLoop() {
        byte[] buf = new byte[MAX_DATAGRAM];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return;
            }
            if (packet.getLength() == 0 || !node.equals(packet.getSocketAddress())) {
                continue;
            }
            dispatch(Arrays.copyOf(buf, packet.getLength()));
        }
    }

    private void dispatch(byte[] data) {
        int first = data[0] & 0xFF;
        if (first <= 3) {
            PendingCheck check = pendingCheck;
            if (check != null) {
                Optional<InetSocketAddress> mapped = check.client().mappedAddress(data, 0, data.length,
                        check.transactionId());
                mapped.ifPresent(check.mapped()::complete);
            }
        } else if (first >= 20 && first <= 63) {
            DtlsClientSession session = dtls;
            if (session != null) {
                session.onDatagram(data, 0, data.length);
            }
        } else if (first >= 128 && first <= 191) {
            onSrtp(data);
        }
    }

    private void onSrtp(byte[] data) {
        SrtpProtector srtp = inbound;
        if (srtp == null || data.length < 2) {
            undecryptable.incrementAndGet();
            return;
        }
        int pt = Bytes.u8(data, 1);
        boolean rtcp = pt >= 192 && pt <= 223;
        int len = rtcp ? srtp.unprotectRtcp(data, 0, data.length) : srtp.unprotectRtp(data, 0, data.length);
        if (len < 0) {
            undecryptable.incrementAndGet();
        } else if (rtcp) {
            received.addRtcp(data, 0, len);
        } else {
            received.addRtp(data, 0, len);
        }
    }

    @Override
    public void close() {
        closed = true;
        DtlsClientSession session = dtls;
        if (session != null) {
            session.close();
        }
        socket.close();
        synchronized (this) {
            if (unchecked != null) {
                unchecked.close();
            }
            if (outbound != null) {
                outbound.close();
            }
        }
        dtlsThreads.shutdownNow();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
            dtlsThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SrtpProtector in = inbound;
        if (in != null) {
            in.close();
        }
    }
}
