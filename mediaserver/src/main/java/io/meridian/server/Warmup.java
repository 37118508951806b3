package io.meridian.server;

import io.meridian.server.ice.IceCredentials;
import io.meridian.server.ice.IceLiteResponder;
import io.meridian.server.ice.StunOutcome;
import io.meridian.server.ice.StunStatus;
import io.meridian.srtp.SrtpSelfCheck;

import java.net.InetSocketAddress;
import java.util.HexFormat;

/**
 * Runs the STUN and SRTP code once at start. ice4j loads its configuration and jitsi-srtp benchmarks its AES
 * implementations on first use, which otherwise lands on the first participants' join path (seconds on a busy
 * machine).
 */
final class Warmup {
    private static final String UFRAG = "warmupL";
    private static final String PASSWORD = "warmupLocalPassword0123456789";
    private static final String REMOTE_UFRAG = "warmupR";
    /**
     * A nominating Binding request for {@link #UFRAG} as a browser sends it: USERNAME "warmupL:warmupR", PRIORITY,
     * ICE-CONTROLLING, USE-CANDIDATE, SOFTWARE, MESSAGE-INTEGRITY keyed with {@link #PASSWORD}, FINGERPRINT. Made
     * once by the scripted peer's StunClient (webrtc-client); the server itself never builds requests, so a fixed
     * known-good one checks its verifying and signing without client code in the server.
     */
    private static final byte[] REQUEST = HexFormat.of().parseHex(
            "0001005c2112a442786292bd93c8a39579a1711d0024000400000001802a00082dc86ce510a3093e"
            + "0006000f7761726d75704c3a7761726d757052000025000080220009696365346a2e6f72670000"
            + "0000080014d87cd53b67019509d31adea501b1163044759cef8028000413edd641");

    private Warmup() {
    }

    static void run() {
        IceLiteResponder responder = new IceLiteResponder(
                ufrag -> new IceCredentials(UFRAG, PASSWORD, REMOTE_UFRAG, Warmup.class));
        StunOutcome outcome = responder.handle(REQUEST.clone(), 0, REQUEST.length,
                new InetSocketAddress("127.0.0.1", 9));
        if (outcome.status() != StunStatus.OK) {
            throw new IllegalStateException("STUN self-check failed: " + outcome.status());
        }
        SrtpSelfCheck.run();
    }
}
