package io.meridian.router;

/**
 * Sees each RTP packet just before it is sealed for a receiver, as the receiver will decrypt it (e.g. to keep a copy
 * for retransmission, or to note its transport-wide sequence number). It must not change or keep the bytes.
 */
@FunctionalInterface
public interface SendObserver {
    void onSend(DownStream to, byte[] out, int off, int len, long nanos);
}
