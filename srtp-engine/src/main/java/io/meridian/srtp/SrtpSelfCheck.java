package io.meridian.srtp;

import java.security.SecureRandom;

/**
 * Seals and opens one RTP and one RTCP packet with every profile, with fresh random keys. Run once at start: it
 * proves the crypto works here, and jitsi-srtp benchmarks its AES implementations on first use (about a second on
 * a busy machine, holding up every other SRTP user), which would otherwise land on the first participants' joins.
 */
public final class SrtpSelfCheck {
    private SrtpSelfCheck() {
    }

    /** Throws {@link IllegalStateException} naming the profile that failed. */
    public static void run() {
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
                rtp[1] = 111;
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
