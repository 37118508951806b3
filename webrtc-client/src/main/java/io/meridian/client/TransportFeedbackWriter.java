package io.meridian.client;

import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.TransportArrivals;
import io.meridian.rtp.TransportSequenceNumber;

/**
 * What a browser feeds back of the transport-wide numbers the node puts on what it sends (draft-holmer-rmcat-
 * transport-wide-cc-extensions-01 §3.1): each packet's arrival, reported every {@link #INTERVAL_NANOS}, so the node's
 * estimate of this peer's path works as it does for Chromium. The receive thread's.
 */
final class TransportFeedbackWriter {
    /** libwebrtc's receivers report every 50-250 ms; 100 ms is their rate at a few hundred kbit/s. */
    static final long INTERVAL_NANOS = 100_000_000L;
    /** libwebrtc's sender SSRC on feedback from a receive-only side. */
    private static final int SENDER_SSRC = 1;

    /** Where a written feedback packet goes (sealed as SRTCP and sent). */
    interface Out {
        void sendRtcp(byte[] plain, int len);
    }

    private final int extensionId;
    private final Out out;
    private final TransportArrivals arrivals = new TransportArrivals();
    private final byte[] packet = new byte[TransportArrivals.MAX_LENGTH];
    private long nextReport;
    private boolean started;
    private int feedbackCount;

    TransportFeedbackWriter(int extensionId, Out out) {
        this.extensionId = extensionId;
        this.out = out;
    }

    /** A decrypted RTP packet in {@code buf[0, len)} arrived at {@code now}; sends the feedback now due. */
    void onRtp(byte[] buf, int len, long now) {
        int sequence = TransportSequenceNumber.read(buf, 0, len, extensionId);
        if (sequence < 0) {
            return;
        }
        arrivals.arrived(sequence, now);
        if (!started) {
            started = true;
            nextReport = now + INTERVAL_NANOS;
        }
        if (now - nextReport < 0) {
            return;
        }
        nextReport = now + INTERVAL_NANOS;
        int mediaSsrc = RtpPacket.ssrc(buf, 0);
        while (arrivals.hasUnreported()) {
            int written = arrivals.writeFeedback(packet, 0, SENDER_SSRC, mediaSsrc, feedbackCount);
            feedbackCount = (feedbackCount + 1) & 0xFF;
            out.sendRtcp(packet, written);
        }
    }
}
