package io.meridian.server;

import io.meridian.server.ice.BindingRequest;
import io.meridian.server.ice.IceCredentials;
import io.meridian.server.ice.IceLiteResponder;
import io.meridian.server.ice.StunClient;
import io.meridian.server.ice.StunOutcome;
import io.meridian.server.ice.StunStatus;
import io.meridian.srtp.SrtpSelfCheck;

import java.net.InetSocketAddress;

/**
 * Runs the STUN and SRTP code once at start. ice4j loads its configuration and jitsi-srtp benchmarks its AES
 * implementations on first use, which otherwise lands on the first participants' join path (seconds on a busy
 * machine).
 */
final class Warmup {
    private Warmup() {
    }

    static void run() {
        IceLiteResponder responder = new IceLiteResponder(
                ufrag -> new IceCredentials("warmupL", "warmupLocalPassword0123456789", "warmupR", Warmup.class));
        BindingRequest request = new StunClient("warmupL", "warmupLocalPassword0123456789", "warmupR")
                .bindingRequest(1, true);
        StunOutcome outcome = responder.handle(request.bytes(), 0, request.bytes().length,
                new InetSocketAddress("127.0.0.1", 9));
        if (outcome.status() != StunStatus.OK) {
            throw new IllegalStateException("STUN self-check failed: " + outcome.status());
        }
        SrtpSelfCheck.run();
    }
}
