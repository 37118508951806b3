package io.meridian.client;

/** Where a publisher's plain RTP goes (encrypted and sent by a {@link MediaTransport}); one sending thread only. */
public interface RtpSender {
    /** Sends the plain RTP packet in {@code plain[0, len)}; false when it could not be sent. */
    boolean sendRtp(byte[] plain, int len);

    /** True once after the receiving side asked for a key frame (PLI or FIR). */
    boolean takeKeyframeRequest();
}
