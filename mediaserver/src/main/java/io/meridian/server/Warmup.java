package io.meridian.server;

import io.meridian.server.ice.BindingRequest;
import io.meridian.server.ice.IceCredentials;
import io.meridian.server.ice.IceLiteResponder;
import io.meridian.server.ice.StunClient;
import io.meridian.server.ice.StunOutcome;
import io.meridian.server.ice.StunStatus;
import io.meridian.srtp.DtlsRole;
import io.meridian.srtp.SrtpKeys;
import io.meridian.srtp.SrtpProfile;
import io.meridian.srtp.SrtpProtector;

import java.net.InetSocketAddress;
import java.security.SecureRandom;

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
        SecureRandom random = new SecureRandom();
        for (SrtpProfile profile : SrtpProfile.values()) {
            byte[][] parts = new byte[4][];
            for (int i = 0; i < 4; i++) {
                parts[i] = new byte[i < 2 ? profile.keyLength() : profile.saltLength()];
                random.nextBytes(parts[i]);
            }
            SrtpKeys keys = new SrtpKeys(profile, parts[0], parts[1], parts[2], parts[3]);
            try (SrtpProtector client = new SrtpProtector(keys, DtlsRole.CLIENT);
                 SrtpProtector server = new SrtpProtector(keys, DtlsRole.SERVER)) {
                byte[] packet = new byte[12 + 100 + SrtpProtector.MAX_TRAILER_LENGTH];
                packet[0] = (byte) 0x80;
                packet[1] = 111;
                int sealed = client.protectRtp(packet, 0, 112);
                if (server.unprotectRtp(packet, 0, sealed) != 112) {
                    throw new IllegalStateException("SRTP self-check failed for " + profile);
                }
            }
        }
    }
}
