package io.meridian.srtp;

import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.utils.logging2.LoggerImpl;

/** jitsi-srtp's contexts for GCM: the reference the allocation-free sealers and openers are held to. */
final class JitsiSrtp {
    private static final SrtpProfile GCM = SrtpProfile.AEAD_AES_128_GCM;

    private JitsiSrtp() {
    }

    static SrtpContextFactory factory(boolean sender, byte[] masterKey, byte[] masterSalt) {
        return new SrtpContextFactory(sender, masterKey, masterSalt, GCM.newPolicy(), GCM.newPolicy(),
            new LoggerImpl(JitsiSrtp.class.getName()));
    }
}
