package io.meridian.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DtlsHandshakeTest {
    /** RFC 5246 §6.2.1 record content types. */
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int ALERT = 21;
    private static final int HANDSHAKE = 22;
    /** RFC 5246 §7.4 handshake type. */
    private static final int SERVER_HELLO = 2;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void bothSidesExportTheSameKeysForTheOfferedProfile(SrtpProfile profile) throws Exception {
        try (DtlsTestPair pair = new DtlsTestPair(List.of(profile))) {
            pair.start();
            SrtpKeys serverKeys = pair.serverListener.awaitKeys();
            SrtpKeys clientKeys = pair.clientListener.awaitKeys();

            assertEquals(profile, serverKeys.profile());
            assertEquals(clientKeys, serverKeys);
            assertFalse(Arrays.equals(serverKeys.clientWriteKey(), serverKeys.serverWriteKey()),
                "the two directions must use different keys");
            assertEquals(1, pair.serverCounters.succeeded());
            assertEquals(1, pair.clientCounters.succeeded());

            // Media protected with the client's keys opens with the server's.
            byte[] rtp = HexFormat.of().parseHex("80601234000000010badcafe0102030405060708");
            byte[] buf = Arrays.copyOf(rtp, rtp.length + SrtpProtector.MAX_TRAILER_LENGTH);
            try (SrtpProtector client = new SrtpProtector(clientKeys, DtlsRole.CLIENT);
                 SrtpProtector server = new SrtpProtector(serverKeys, DtlsRole.SERVER)) {
                int len = client.protectRtp(buf, 0, rtp.length);
                assertEquals(rtp.length, server.unprotectRtp(buf, 0, len));
                assertArrayEquals(rtp, Arrays.copyOf(buf, rtp.length));
            }
        }
    }

    @Test
    void serverPrefersGcmWhenTheClientOffersBoth() throws Exception {
        // The client lists AES-CM first: the server's preference decides (RFC 5764 §4.1.1).
        try (DtlsTestPair pair = new DtlsTestPair(
                List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM))) {
            pair.start();
            assertEquals(SrtpProfile.AEAD_AES_128_GCM, pair.serverListener.awaitKeys().profile());
            assertEquals(SrtpProfile.AEAD_AES_128_GCM, pair.clientListener.awaitKeys().profile());
        }
    }

    @Test
    void serverRejectsAClientCertificateThatDoesNotMatchTheSdpFingerprint() throws Exception {
        CertificateFingerprint someoneElse = DtlsCertificate.generate().fingerprint();
        try (DtlsTestPair pair = new DtlsTestPair(List.of(SrtpProfile.AEAD_AES_128_GCM), someoneElse, null)) {
            pair.start();
            String reason = pair.serverListener.awaitFailure();

            assertNotNull(reason, "server must fail the handshake");
            assertTrue(reason.startsWith("FINGERPRINT_MISMATCH"), reason);
            assertTrue(reason.contains(someoneElse.value()), reason);
            assertEquals(1, pair.serverCounters.failed(DtlsFailureReason.FINGERPRINT_MISMATCH));
            assertEquals(0, pair.serverCounters.succeeded());
            // The client hears the bad_certificate alert.
            String clientReason = pair.clientListener.awaitFailure();
            assertNotNull(clientReason);
            assertTrue(clientReason.startsWith("PEER_ALERT"), clientReason);
        }
    }

    /**
     * A client refused for its certificate reads the alert and may leave at once: the node then closes the session
     * while its handshake thread is still on the way back from Bouncy Castle. The refusal still counts (the alert went
     * out), and the listener is not called after the close.
     */
    @Test
    void aRejectionCountsEvenWhenTheSessionIsClosedAsItsAlertGoesOut() throws Exception {
        CertificateFingerprint someoneElse = DtlsCertificate.generate().fingerprint();
        DtlsTestPair pair = new DtlsTestPair(List.of(SrtpProfile.AEAD_AES_128_GCM), someoneElse, null);
        pair.serverToClientLoss = (data, off, len) -> {
            if (data[off] == ALERT) {
                pair.server.close();
            }
            return false;
        };
        pair.start();
        assertTrue(pair.clientListener.awaitFailure().startsWith("PEER_ALERT"));
        pair.close(); // returns once every handshake thread is back
        assertEquals(1, pair.serverCounters.failed(DtlsFailureReason.FINGERPRINT_MISMATCH));
        assertEquals("not called", pair.serverListener.failure.getNow("not called"));
    }

    @Test
    void clientRejectsAServerCertificateThatDoesNotMatchTheSdpFingerprint() throws Exception {
        CertificateFingerprint someoneElse = DtlsCertificate.generate().fingerprint();
        try (DtlsTestPair pair = new DtlsTestPair(List.of(SrtpProfile.AEAD_AES_128_GCM), null, someoneElse)) {
            pair.start();
            String reason = pair.clientListener.awaitFailure();
            assertNotNull(reason);
            assertTrue(reason.startsWith("FINGERPRINT_MISMATCH"), reason);
            assertEquals(1, pair.clientCounters.failed(DtlsFailureReason.FINGERPRINT_MISMATCH));
        }
    }

    @Test
    void datagramsAfterTheHandshakeAreHandledWithoutHoldingAThread() throws Exception {
        try (DtlsTestPair pair = new DtlsTestPair(List.of(SrtpProfile.AEAD_AES_128_GCM))) {
            pair.start();
            pair.serverListener.awaitKeys();
            pair.clientListener.awaitKeys();
            // close_notify from the client reaches the established server, which drains it on a short task.
            pair.client.close();
            assertNull(pair.serverListener.awaitFailure(), "an established session reports no failure");
        }
    }

    @Test
    void aLostFinalServerFlightIsResentAfterTheServerConsideredTheHandshakeDone() throws Exception {
        try (DtlsTestPair pair = new DtlsTestPair(List.of(SrtpProfile.AEAD_AES_128_GCM))) {
            AtomicInteger changeCipherSpecs = new AtomicInteger();
            // Lose the server's first ChangeCipherSpec and the Finished record after it (epoch 1).
            pair.serverToClientLoss = (data, off, len) -> {
                int contentType = data[off];
                int epoch = (data[off + 3] & 0xFF) << 8 | data[off + 4] & 0xFF;
                if (contentType == CHANGE_CIPHER_SPEC) {
                    return changeCipherSpecs.incrementAndGet() == 1;
                }
                return contentType == HANDSHAKE && epoch == 1 && changeCipherSpecs.get() == 1;
            };
            pair.start();

            // The server finishes first; only its post-handshake drain can answer the client's retransmission
            // (RFC 6347 §4.2.4) and let the client finish too.
            SrtpKeys serverKeys = pair.serverListener.awaitKeys();
            SrtpKeys clientKeys = pair.clientListener.awaitKeys();

            assertEquals(serverKeys, clientKeys);
            assertEquals(2, changeCipherSpecs.get(), "the server must have resent its final flight once");
        }
    }

    @Test
    void aLostServerFlightIsResentByTheServersOwnShortTimer() throws Exception {
        // The client waits a minute before resending anything, longer than the test waits: only the server's own
        // retransmission (after DtlsNodeContext.FIRST_RETRANSMISSION, not BC's 1 s) can complete this handshake.
        try (DtlsTestPair pair = new DtlsTestPair(List.of(SrtpProfile.AEAD_AES_128_GCM), null, null,
                Duration.ofMinutes(1))) {
            AtomicInteger serverHellos = new AtomicInteger();
            // Lose the server's whole first flight: everything from its first ServerHello until it sends one again.
            pair.serverToClientLoss = (data, off, len) -> {
                if (data[off] == HANDSHAKE && len > 13 && data[off + 13] == SERVER_HELLO) {
                    serverHellos.incrementAndGet();
                }
                return serverHellos.get() == 1;
            };
            pair.start();

            SrtpKeys clientKeys = pair.clientListener.awaitKeys();

            assertEquals(pair.serverListener.awaitKeys(), clientKeys);
            assertEquals(2, serverHellos.get(), "the server must have resent its first flight once");
        }
    }

    @Test
    void closeDuringTheHandshakeReleasesTheThreadAndStaysSilent() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        DtlsTestPair.RecordingListener listener = new DtlsTestPair.RecordingListener();
        DtlsHandshakeCounters counters = new DtlsHandshakeCounters();
        DtlsServerSession server = new DtlsServerSession(
            new DtlsNodeContext(DtlsCertificate.generate(), executor, Duration.ofMinutes(5), counters),
            DtlsCertificate.generate().fingerprint(), (data, off, len) -> { }, listener);
        server.start();

        server.close();
        executor.shutdown();

        assertTrue(executor.awaitTermination(DtlsTestPair.WAIT_SECONDS, TimeUnit.SECONDS),
            "the handshake thread must return after close()");
        assertFalse(listener.failure.isDone(), "a local close is not a handshake failure");
        assertEquals(0, counters.failedByReason().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void aSilentPeerFailsTheHandshakeWithTimeout() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        DtlsTestPair.RecordingListener listener = new DtlsTestPair.RecordingListener();
        DtlsHandshakeCounters counters = new DtlsHandshakeCounters();
        DtlsClientSession client = new DtlsClientSession(
            new DtlsNodeContext(DtlsCertificate.generate(), executor, Duration.ofMillis(300), counters),
            DtlsCertificate.generate().fingerprint(), List.of(SrtpProfile.AEAD_AES_128_GCM),
            (data, off, len) -> { }, listener);
        try {
            client.start();
            String reason = listener.awaitFailure();
            assertNotNull(reason);
            assertTrue(reason.startsWith("TIMEOUT"), reason);
            assertEquals(1, counters.failed(DtlsFailureReason.TIMEOUT));
        } finally {
            client.close();
            executor.shutdown();
        }
    }

    @Test
    void rejectedByTheExecutorCountsAsOverloaded() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.shutdown();
        DtlsTestPair.RecordingListener listener = new DtlsTestPair.RecordingListener();
        DtlsHandshakeCounters counters = new DtlsHandshakeCounters();
        DtlsServerSession server = new DtlsServerSession(
            new DtlsNodeContext(DtlsCertificate.generate(), executor, Duration.ofSeconds(10), counters),
            DtlsCertificate.generate().fingerprint(), (data, off, len) -> { }, listener);

        server.start();

        assertTrue(listener.awaitFailure().startsWith("OVERLOADED"));
        assertEquals(1, counters.failed(DtlsFailureReason.OVERLOADED));
    }
}
