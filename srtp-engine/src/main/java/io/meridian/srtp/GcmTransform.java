package io.meridian.srtp;

/**
 * What the GCM sealers and openers of RTP and RTCP share: the cipher of their direction, which they own and wipe.
 * Each is confined to the leg's event loop, like {@link SrtpProtector}, which owns them.
 */
abstract class GcmTransform implements AutoCloseable {
    final GcmCipher cipher;

    GcmTransform(GcmCipher cipher) {
        this.cipher = cipher;
    }

    /** Wipes the session salt (see {@link GcmCipher#wipe}). */
    @Override
    public final void close() {
        cipher.wipe();
    }
}
