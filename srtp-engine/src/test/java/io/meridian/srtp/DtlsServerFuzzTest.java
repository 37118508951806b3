package io.meridian.srtp;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.meridian.rtp.testing.FuzzFrames;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.tls.DatagramTransport;

/**
 * Fuzz target: the DTLS record layer and handshake of the node's server session (RFC 6347, DTLS-SRTP per RFC 5764,
 * Bouncy Castle under {@link DtlsServerSession}'s policy), fed the datagrams of one input (see {@link FuzzFrames}) as
 * a client would send them to the node's port. The handshake runs on the fuzzing thread over a transport that hands
 * over the datagrams, truncated to the session's receive limit as its queue hands them, and then ends, so a run is
 * deterministic and bounded. Whatever the datagrams, the handshake ends with the end of input or a failure the node
 * counts as the client's (never an unchecked exception, never its internal error, never a completed handshake:
 * nothing here holds a client key the node would trust), and what the node sends is a bounded number of DTLS records
 * (RFC 7983: first byte 20..63) within the send limit. Seeds are the
 * flights of a real client holding the certificate whose fingerprint the session expects, so the fuzzer starts deep
 * in the handshake.
 */
class DtlsServerFuzzTest {
    /**
     * The most datagrams one datagram from a client may draw: the server's first flight, ServerHello, Certificate,
     * ServerKeyExchange, CertificateRequest and ServerHelloDone, each in a datagram of its own as BC sends them (and
     * sent again when the client's flight comes again, RFC 6347 §4.2.4). Without HelloVerifyRequest (ICE has checked
     * the address already) nothing else bounds what a sender makes the node send; one alert may end it all.
     */
    private static final int FLIGHT_DATAGRAMS = 5;
    private static final DtlsCertificate SERVER = DtlsCertificate.generate();
    private static final CertificateFingerprint CLIENT = fixedClientCertificate().fingerprint();

    @FuzzTest
    void datagrams(byte[] data) throws IOException {
        ScriptedClient client = new ScriptedClient(FuzzFrames.split(data));
        DtlsNodeContext node = new DtlsNodeContext(SERVER, task -> {
            throw new AssertionError("the fuzz target runs the handshake itself");
        }, Duration.ofMinutes(5), new DtlsHandshakeCounters());
        DtlsServerSession session = new DtlsServerSession(node, CLIENT, (b, off, len) -> {
            throw new AssertionError("the session sends through the transport it runs on");
        }, new DtlsListener() {
            @Override
            public void onHandshakeComplete(SrtpKeys keys) {
                throw new AssertionError("the listener is the caller's of start()");
            }

            @Override
            public void onHandshakeFailed(String reason, Throwable cause) {
                throw new AssertionError("the listener is the caller's of start()");
            }
        });
        try {
            session.handshake(client);
            throw new AssertionError("a handshake completed with a client holding no trusted key");
        } catch (EndOfInput e) {
            // Every datagram was taken in and the node waits for more: what a stalled client gets until the timeout.
        } catch (IOException e) {
            // Refused, or the client gave up (RFC 5246 §7.2.2): DtlsSession reports the failure by its reason.
            assertNotEquals(DtlsFailureReason.INTERNAL_ERROR, DtlsFailureReason.of(e), "a client's bytes are never "
                    + "the node's internal error: " + e);
        }
        assertTrue(client.sent.size() <= FLIGHT_DATAGRAMS * client.read + 1, client.sent.size()
                + " datagrams sent for " + client.read + " received: the node must not amplify what it is sent ");
        for (byte[] sent : client.sent) {
            assertTrue(sent.length <= DtlsSession.SEND_LIMIT, sent.length + " bytes, over the send limit");
            assertTrue(sent.length > 0 && sent[0] >= 20 && sent[0] <= 63, "the node sent what is not DTLS");
        }
    }

    private static DtlsCertificate fixedClientCertificate() {
        try {
            Path dir = Path.of(Objects.requireNonNull(DtlsServerFuzzTest.class.getResource("fuzz-client.crt")).toURI())
                    .getParent();
            return DtlsCertificate.load(dir.resolve("fuzz-client.crt"), dir.resolve("fuzz-client.key"));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("the fuzz client's certificate is a test resource", e);
        }
    }

    /** The end of the datagrams: what a client that said all it had would leave the node waiting on. */
    private static final class EndOfInput extends IOException {
        EndOfInput() {
            super("no more datagrams in this input");
        }
    }

    /** A client that sends its datagrams to the handshake and keeps what the node sends back. */
    private static final class ScriptedClient implements DatagramTransport {
        final List<byte[]> datagrams;
        final List<byte[]> sent = new ArrayList<>();
        int read;

        ScriptedClient(List<byte[]> datagrams) {
            this.datagrams = datagrams;
        }

        @Override
        public int getReceiveLimit() {
            return DtlsSession.RECEIVE_LIMIT;
        }

        @Override
        public int getSendLimit() {
            return DtlsSession.SEND_LIMIT;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (read == datagrams.size()) {
                throw new EndOfInput();
            }
            byte[] datagram = datagrams.get(read++);
            int n = Math.min(len, datagram.length);
            System.arraycopy(datagram, 0, buf, off, n);
            return n;
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            sent.add(java.util.Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void close() {
        }
    }
}
