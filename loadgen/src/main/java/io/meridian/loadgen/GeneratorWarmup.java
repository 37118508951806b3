package io.meridian.loadgen;

import io.meridian.server.ice.BindingRequest;
import io.meridian.server.ice.StunClient;
import io.meridian.srtp.DtlsRole;
import io.meridian.srtp.SrtpKeys;
import io.meridian.srtp.SrtpProfile;
import io.meridian.srtp.SrtpProtector;

import java.net.InetSocketAddress;
import java.security.SecureRandom;

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
        SecureRandom random = new SecureRandom();
        for (SrtpProfile profile : SrtpProfile.values()) {
            byte[][] parts = new byte[4][];
            for (int i = 0; i < 4; i++) {
                parts[i] = new byte[i < 2 ? profile.keyLength() : profile.saltLength()];
                random.nextBytes(parts[i]);
            }
            SrtpKeys keys = new SrtpKeys(profile, parts[0], parts[1], parts[2], parts[3]);
            try (SrtpProtector sender = new SrtpProtector(keys, DtlsRole.CLIENT);
                 SrtpProtector receiver = new SrtpProtector(keys, DtlsRole.SERVER)) {
                byte[] rtp = new byte[12 + 100 + SrtpProtector.MAX_TRAILER_LENGTH];
                rtp[0] = (byte) 0x80;
                rtp[1] = (byte) ParticipantSdp.OPUS_PT;
                if (receiver.unprotectRtp(rtp, 0, sender.protectRtp(rtp, 0, 112)) != 112) {
                    throw new IllegalStateException("SRTP self-check failed for " + profile);
                }
                // An RTCP receiver report (RFC 3550 §6.4.2) with no blocks: V=2, PT=201, length 1, SSRC.
                byte[] rtcp = new byte[8 + 4 + SrtpProtector.MAX_TRAILER_LENGTH + 4];
                rtcp[0] = (byte) 0x80;
                rtcp[1] = (byte) 201;
                rtcp[3] = 1;
                rtcp[7] = 1;
                if (receiver.unprotectRtcp(rtcp, 0, sender.protectRtcp(rtcp, 0, 8)) != 8) {
                    throw new IllegalStateException("SRTCP self-check failed for " + profile);
                }
            }
        }
    }
}
