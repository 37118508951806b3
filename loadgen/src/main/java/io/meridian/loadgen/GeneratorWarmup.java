package io.meridian.loadgen;

import io.meridian.client.IceCheckResponder;
import io.meridian.client.BindingRequest;
import io.meridian.client.StunClient;
import io.meridian.srtp.SrtpSelfCheck;

import java.net.InetSocketAddress;

/**
 * Runs the load generator's STUN and SRTP code once before any server starts, as the node does for itself at
 * start. jitsi-srtp benchmarks its AES implementations on first use (about a second here) while holding up every
 * other SRTP user, the pacer thread among them, and ice4j loads its configuration: left to the first run, that
 * stall lands on its first participants' join times, and with {@code --target both} on the first target only.
 */
final class GeneratorWarmup {
    private GeneratorWarmup() {
    }

    static void run() {
        StunClient client = new StunClient("warmupS", "warmupServerPassword0123456789", "warmupC");
        BindingRequest request = client.bindingRequest(1, true);
        InetSocketAddress from = new InetSocketAddress("127.0.0.1", 9);
        byte[] answer = new IceCheckResponder("warmupS", "warmupServerPassword0123456789")
                .answer(request.bytes(), request.bytes().length, from);
        if (answer == null || client.mappedAddress(answer, 0, answer.length, request.transactionId()).isEmpty()) {
            throw new IllegalStateException("STUN self-check failed");
        }
        SrtpSelfCheck.run();
    }
}
