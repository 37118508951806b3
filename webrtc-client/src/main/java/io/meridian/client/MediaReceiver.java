package io.meridian.client;

/**
 * What a {@link MediaTransport} decrypted from the server, handed over on the receive thread (one for every peer
 * of the JVM: keep it short, and copy what must outlive the call).
 */
public interface MediaReceiver {
    /** A decrypted RTP packet in {@code buf[0, len)}, valid only during the call. */
    void onRtp(byte[] buf, int len, long receiveNanos);

    /** A decrypted RTCP compound in {@code buf[0, len)}, valid only during the call. */
    default void onRtcp(byte[] buf, int len, long receiveNanos) {
    }
}
