package io.meridian.srtp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A DTLS client and server wired back to back in memory: each one's sender feeds the other's onDatagram. */
final class DtlsTestPair implements AutoCloseable {
    /** Safety net so a broken handshake fails the test instead of hanging it; not a timing claim. */
    static final long WAIT_SECONDS = 30;

    final ExecutorService executor = Executors.newFixedThreadPool(4);
    final DtlsHandshakeCounters serverCounters = new DtlsHandshakeCounters();
    final DtlsHandshakeCounters clientCounters = new DtlsHandshakeCounters();
    final DtlsCertificate serverCertificate = DtlsCertificate.generate();
    final DtlsCertificate clientCertificate = DtlsCertificate.generate();
    final RecordingListener serverListener = new RecordingListener();
    final RecordingListener clientListener = new RecordingListener();
    final DtlsServerSession server;
    final DtlsClientSession client;
    /** Lets a test lose server-to-client datagrams; returns true to drop. Set before {@link #start()}. */
    volatile DatagramFilter serverToClientLoss = (data, off, len) -> false;

    DtlsTestPair(List<SrtpProfile> offered) {
        this(offered, null, null);
    }

    /** A null fingerprint means "the right one". */
    DtlsTestPair(List<SrtpProfile> offered, CertificateFingerprint serverExpects, CertificateFingerprint clientExpects) {
        this(offered, serverExpects, clientExpects, DtlsNodeContext.FIRST_RETRANSMISSION);
    }

    /** With the client's first retransmission timer set apart from the server's. */
    DtlsTestPair(List<SrtpProfile> offered, CertificateFingerprint serverExpects, CertificateFingerprint clientExpects,
                 Duration clientFirstRetransmission) {
        AtomicReference<DtlsSession> toServer = new AtomicReference<>();
        AtomicReference<DtlsSession> toClient = new AtomicReference<>();
        Duration timeout = Duration.ofSeconds(WAIT_SECONDS);
        server = new DtlsServerSession(new DtlsNodeContext(serverCertificate, executor, timeout, serverCounters),
            serverExpects != null ? serverExpects : clientCertificate.fingerprint(),
            (data, off, len) -> {
                if (!serverToClientLoss.drop(data, off, len)) {
                    toClient.get().onDatagram(data, off, len);
                }
            }, serverListener);
        client = new DtlsClientSession(
            new DtlsNodeContext(clientCertificate, executor, timeout, clientFirstRetransmission, clientCounters),
            clientExpects != null ? clientExpects : serverCertificate.fingerprint(), offered,
            (data, off, len) -> toServer.get().onDatagram(data, off, len), clientListener);
        toServer.set(server);
        toClient.set(client);
    }

    void start() {
        server.start();
        client.start();
    }

    /** Closes both sessions and proves no executor thread is still held by them. */
    @Override
    public void close() throws InterruptedException {
        client.close();
        server.close();
        executor.shutdown();
        if (!executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("a DTLS session still holds an executor thread after close()");
        }
    }

    interface DatagramFilter {
        boolean drop(byte[] data, int off, int len);
    }

    static final class RecordingListener implements DtlsListener {
        final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
        final CompletableFuture<String> failure = new CompletableFuture<>();

        @Override
        public void onHandshakeComplete(SrtpKeys result) {
            keys.complete(result);
            failure.complete(null);
        }

        @Override
        public void onHandshakeFailed(String reason, Throwable cause) {
            failure.complete(reason);
            keys.completeExceptionally(cause);
        }

        SrtpKeys awaitKeys() throws Exception {
            return keys.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        String awaitFailure() throws Exception {
            return failure.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
