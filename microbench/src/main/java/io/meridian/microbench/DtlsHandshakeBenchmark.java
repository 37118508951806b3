package io.meridian.microbench;

import io.meridian.srtp.DtlsCertificate;
import io.meridian.srtp.DtlsClientSession;
import io.meridian.srtp.DtlsHandshakeCounters;
import io.meridian.srtp.DtlsListener;
import io.meridian.srtp.DtlsNodeContext;
import io.meridian.srtp.DtlsServerSession;
import io.meridian.srtp.DtlsSession;
import io.meridian.srtp.SrtpKeys;
import io.meridian.srtp.SrtpProfile;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One whole DTLS 1.2 handshake as a participant's join makes it (ECDHE, ECDSA P-256 certificates on both sides,
 * use_srtp, both fingerprints checked), client and server wired back to back in memory, each on its own thread.
 * The two sides take turns (each flight waits for the other's), so the time per op is close to the CPU both sides
 * spend on one handshake: the floor under a join storm, where a node serves N such handshakes on its cores (and a
 * load generator on the same machine runs the N client halves).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class DtlsHandshakeBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private DtlsCertificate serverCertificate;
    private DtlsCertificate clientCertificate;
    private ExecutorService executor;

    @Setup(Level.Trial)
    public void setUp() {
        serverCertificate = DtlsCertificate.generate();
        clientCertificate = DtlsCertificate.generate();
        executor = Executors.newFixedThreadPool(2);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Returns the server's keys, which equal the client's when the handshake worked. */
    @Benchmark
    public SrtpKeys handshake() throws Exception {
        AtomicReference<DtlsSession> toServer = new AtomicReference<>();
        AtomicReference<DtlsSession> toClient = new AtomicReference<>();
        Outcome serverDone = new Outcome();
        Outcome clientDone = new Outcome();
        DtlsServerSession server = new DtlsServerSession(
            new DtlsNodeContext(serverCertificate, executor, TIMEOUT, new DtlsHandshakeCounters()),
            clientCertificate.fingerprint(), (data, off, len) -> toClient.get().onDatagram(data, off, len),
            serverDone);
        DtlsClientSession client = new DtlsClientSession(
            new DtlsNodeContext(clientCertificate, executor, TIMEOUT, new DtlsHandshakeCounters()),
            serverCertificate.fingerprint(), List.of(SrtpProfile.AEAD_AES_128_GCM),
            (data, off, len) -> toServer.get().onDatagram(data, off, len), clientDone);
        toServer.set(server);
        toClient.set(client);
        try {
            server.start();
            client.start();
            SrtpKeys keys = serverDone.keys.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!keys.equals(clientDone.keys.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))) {
                throw new IllegalStateException("client and server derived different SRTP keys");
            }
            return keys;
        } finally {
            client.close();
            server.close();
        }
    }

    private static final class Outcome implements DtlsListener {
        final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();

        @Override
        public void onHandshakeComplete(SrtpKeys result) {
            keys.complete(result);
        }

        @Override
        public void onHandshakeFailed(String reason, Throwable cause) {
            keys.completeExceptionally(new IllegalStateException(reason, cause));
        }
    }
}
