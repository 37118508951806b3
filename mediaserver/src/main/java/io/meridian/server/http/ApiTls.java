package io.meridian.server.http;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * TLS for the HTTP API and the events WebSocket: TLS 1.2 and 1.3 only, AEAD cipher suites only.
 *
 * <p>TLS 1.2 is limited to ECDHE key exchange (forward secrecy) with AES-GCM or ChaCha20-Poly1305, as in the
 * "intermediate" profile of Mozilla's server-side TLS guidelines and RFC 9325 §4.2; both ECDSA and RSA certificates
 * work. Every TLS 1.3 suite is AEAD (RFC 8446 §9.1 lists the three used here). Anything older than TLS 1.2 is
 * refused (RFC 8996 deprecates TLS 1.0 and 1.1).
 */
public final class ApiTls {
    /** Exactly these protocol versions are enabled. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** TLS 1.3 suites (all AEAD), in the JDK's preference order. */
    public static final List<String> TLS13_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    /** TLS 1.2 suites: ECDHE with an AEAD cipher, for ECDSA and for RSA certificates. */
    public static final List<String> TLS12_SUITES = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private ApiTls() {
    }

    /**
     * Turns on TLS in {@code options} with the PEM certificate (chain) and PEM private key. The files are read when
     * the server starts listening, which fails with their names if they are unreadable or do not match.
     */
    public static HttpServerOptions apply(HttpServerOptions options, Path certificatePem, Path keyPem) {
        options.setSsl(true)
                // The JDK engine always: the cipher suite names above are the JDK's, whatever else is on the
                // class path (an OpenSSL engine would name them differently).
                .setSslEngineOptions(new JdkSSLEngineOptions())
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(certificatePem.toString())
                        .setKeyPath(keyPem.toString()))
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(PROTOCOLS));
        for (String suite : TLS13_SUITES) {
            options.addEnabledCipherSuite(suite);
        }
        for (String suite : TLS12_SUITES) {
            options.addEnabledCipherSuite(suite);
        }
        return options;
    }
}
