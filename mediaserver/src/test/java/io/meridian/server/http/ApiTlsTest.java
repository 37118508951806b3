package io.meridian.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.MeridianServer;
import io.meridian.server.config.ConfigLoader;
import io.meridian.client.ApiClient;
import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.srtp.DtlsCertificate;
import io.vertx.core.http.HttpServerOptions;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API over TLS: TLS 1.2 and 1.3 clients get through, a TLS 1.1 client and a TLS 1.2 client offering only a
 * non-AEAD suite are refused by the server, and the join answer points at a {@code wss://} events socket.
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class ApiTlsTest {
    private static final int SOCKET_TIMEOUT_MILLIS = 15_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static TestTlsCertificate cert;
    private static MeridianServer server;

    @BeforeAll
    static void start() throws Exception {
        cert = TestTlsCertificate.create(dir);
        server = MeridianServer.start(ConfigLoader.load(List.of("--dev", "--http-port", "0", "--media-port", "0",
                "--http-tls-certificate", cert.certificatePem.toString(),
                "--http-tls-key", cert.keyPem.toString()), Map.of()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tls12ClientCompletesHandshakeWithAnAeadSuiteAndGetsHealthz() throws Exception {
        try (SSLSocket socket = connect(List.of("TLSv1.2"), null)) {
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
            String suite = socket.getSession().getCipherSuite();
            assertTrue(ApiTls.TLS12_SUITES.contains(suite), "ECDHE AEAD suite, got " + suite);
            assertTrue(getHealthz(socket).startsWith("HTTP/1.1 200"), "GET /healthz over TLS 1.2");
        }
    }

    @Test
    void tls13ClientCompletesHandshakeAndGetsHealthz() throws Exception {
        try (SSLSocket socket = connect(List.of("TLSv1.3"), null)) {
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
            String suite = socket.getSession().getCipherSuite();
            assertTrue(ApiTls.TLS13_SUITES.contains(suite), "TLS 1.3 suite, got " + suite);
            assertTrue(getHealthz(socket).startsWith("HTTP/1.1 200"), "GET /healthz over TLS 1.3");
        }
    }

    @Test
    void tls12ClientOfferingOnlyCbcIsRefused() {
        // The JDK client enables this CBC-HMAC suite by default; the server must not pick it.
        assertThrows(SSLHandshakeException.class, () -> {
            try (SSLSocket socket = connect(List.of("TLSv1.2"), List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"))) {
                getHealthz(socket);
            }
        });
    }

    /**
     * The JDK's own client cannot offer TLS 1.1: {@code jdk.tls.disabledAlgorithms} disables it, and that security
     * property is read once per JVM, so flipping it in a test would depend on test order and change every other TLS
     * user of the JVM. Bouncy Castle's low-level TLS client ignores that property, so it really offers TLS 1.1 (and
     * nothing else) over the wire, and the protocol_version alert is the server's refusal. The same client offering
     * TLS 1.2 succeeds, so the refusal is about the version and not about the client.
     *
     * <p>The server's JDK engine would also refuse TLS 1.1 under the JDK's default java.security; that the node does
     * not depend on that default (an operator may re-enable old versions JVM-wide) is shown by
     * {@link #optionsEnableExactlyTls12And13WithAeadSuites()}: the engine gets an explicit enabled-protocols list.
     */
    @Test
    void serverRefusesClientOfferingOnlyTls11() throws Exception {
        TlsFatalAlertReceived refusal = assertThrows(TlsFatalAlertReceived.class,
                () -> bouncyCastleHandshake(ProtocolVersion.TLSv11));
        assertEquals(AlertDescription.protocol_version, refusal.getAlertDescription(),
                "server alert: " + AlertDescription.getText(refusal.getAlertDescription()));
        assertEquals(ProtocolVersion.TLSv12, bouncyCastleHandshake(ProtocolVersion.TLSv12), "same client, TLS 1.2");
    }

    @Test
    void optionsEnableExactlyTls12And13WithAeadSuites() throws Exception {
        HttpServerOptions options = ApiTls.apply(new HttpServerOptions(), cert.certificatePem, cert.keyPem);
        assertTrue(options.isSsl());
        assertEquals(Set.of("TLSv1.2", "TLSv1.3"), options.getEnabledSecureTransportProtocols());
        Set<String> jdkSuites = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        for (String suite : options.getEnabledCipherSuites()) {
            assertTrue(jdkSuites.contains(suite), suite + " is a JDK suite name");
            assertTrue(suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_"), suite + " is AEAD");
            assertTrue(ApiTls.TLS13_SUITES.contains(suite) || suite.startsWith("TLS_ECDHE_"), suite + " is ECDHE");
        }
        assertEquals(ApiTls.TLS13_SUITES.size() + ApiTls.TLS12_SUITES.size(), options.getEnabledCipherSuites().size());
    }

    @Test
    void nodeDoesNotStartWithoutReadableKey() {
        assertThrows(Exception.class, () -> MeridianServer.start(ConfigLoader.load(List.of("--dev",
                "--http-port", "0", "--media-port", "0", "--http-tls-certificate", cert.certificatePem.toString(),
                "--http-tls-key", dir.resolve("missing-key.pem").toString()), Map.of())).close());
    }

    @Test
    void joinAnswerOverTlsPointsAtWssEventsSocketThatOpens() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(cert.clientContext())
                .connectTimeout(Duration.ofSeconds(15)).version(HttpClient.Version.HTTP_1_1).build();
        String offer = PeerSdp.joinOffer(PeerIdentity.random("tls"), DtlsCertificate.generate().fingerprintSha256());
        String base = "https://127.0.0.1:" + server.httpPort();
        HttpResponse<String> reply = https.send(HttpRequest.newBuilder(URI.create(base + "/v1/conferences/tls/participants"))
                        .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ApiClient.joinBody(offer))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, reply.statusCode(), reply.body());
        JsonNode body = JSON.readTree(reply.body());
        String participant = body.path("participantId").asText();
        String events = body.path("events").asText();
        assertEquals("wss://127.0.0.1:" + server.httpPort() + "/v1/conferences/tls/participants/" + participant
                + "/events", events);

        WebSocket socket = https.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(15))
                .buildAsync(URI.create(events), new WebSocket.Listener() {
                }).get(15, TimeUnit.SECONDS);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(15, TimeUnit.SECONDS);
        HttpResponse<String> left = https.send(HttpRequest.newBuilder(URI.create(
                        base + "/v1/conferences/tls/participants/" + participant)).timeout(Duration.ofSeconds(15))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(left.statusCode() == 204 || left.statusCode() == 404,
                "the closed socket may already have removed the participant: " + left.statusCode());
    }

    private static SSLSocket connect(List<String> protocols, List<String> suites) throws Exception {
        SSLContext context = cert.clientContext();
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), SOCKET_TIMEOUT_MILLIS);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setProtocols(protocols.toArray(String[]::new));
            if (suites != null) {
                parameters.setCipherSuites(suites.toArray(String[]::new));
            }
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (Exception | Error e) {
            socket.close();
            throw e;
        }
    }

    /** A minimal HTTP/1.1 exchange on an open TLS socket; returns the whole response. */
    private static String getHealthz(SSLSocket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + server.httpPort()
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    /** Runs a handshake with Bouncy Castle's TLS client offering exactly {@code version}; returns the version used. */
    private static ProtocolVersion bouncyCastleHandshake(ProtocolVersion version) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), SOCKET_TIMEOUT_MILLIS);
            InputStream in = socket.getInputStream();
            TlsClientProtocol protocol = new TlsClientProtocol(in, socket.getOutputStream());
            BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
            ProtocolVersion[] negotiated = new ProtocolVersion[1];
            DefaultTlsClient client = new DefaultTlsClient(crypto) {
                @Override
                protected ProtocolVersion[] getSupportedVersions() {
                    return version.only();
                }

                @Override
                public void notifyServerVersion(ProtocolVersion serverVersion) throws IOException {
                    super.notifyServerVersion(serverVersion);
                    negotiated[0] = serverVersion;
                }

                @Override
                public TlsAuthentication getAuthentication() {
                    return new ServerOnlyTlsAuthentication() {
                        @Override
                        public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                            byte[] leaf = serverCertificate.getCertificate().getCertificateAt(0).getEncoded();
                            if (!java.util.Arrays.equals(leaf, encoded(cert))) {
                                throw new IOException("not the test certificate");
                            }
                        }
                    };
                }
            };
            protocol.connect(client);
            protocol.close();
            return negotiated[0];
        }
    }

    private static byte[] encoded(TestTlsCertificate cert) {
        try {
            return cert.certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
