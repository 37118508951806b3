package io.meridian.client;

import io.meridian.rtp.GenericNack;
import io.meridian.rtp.RtpPacket;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A lossy link in front of this peer: a share of the SRTP and SRTCP the node sends is dropped at random before it is
 * decrypted, as a lossy Wi-Fi hop would, and lost video is NACKed at once (RFC 4585 §6.2.1 Generic NACK), as a browser
 * does, so the node's retransmissions are exercised. One NACK per gap, no retries: a lost retransmission stays lost.
 * The receive thread's.
 */
final class LinkLoss {
    /** A gap wider than this is a switch or a restart, not loss: it is not NACKed. */
    private static final int MAX_GAP = 64;
    /** libwebrtc's sender SSRC on feedback from a receive-only side. */
    private static final int SENDER_SSRC = 1;

    private final double fraction;
    private final int videoPayloadType;
    private final TransportFeedbackWriter.Out out;
    private final SplittableRandom random;
    /** Per video SSRC, the highest sequence number seen. */
    private final Map<Integer, int[]> highest = new HashMap<>();
    private final int[] missing = new int[MAX_GAP];
    private final byte[] nack = new byte[GenericNack.HEADER_LENGTH + MAX_GAP * GenericNack.FCI_LENGTH];
    private long dropped;
    private long nacked;

    /**
     * @param fraction         share of datagrams dropped, 0 to 1
     * @param videoPayloadType the payload type of video this peer NACKs (its RTX, another type, is not tracked)
     * @param seed             of the random drops, so a run can be repeated
     */
    LinkLoss(double fraction, int videoPayloadType, TransportFeedbackWriter.Out out, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("link loss is a fraction from 0 to 1, not " + fraction);
        }
        this.fraction = fraction;
        this.videoPayloadType = videoPayloadType;
        this.out = out;
        this.random = new SplittableRandom(seed);
    }

    /** Whether the link loses this datagram. */
    boolean drops() {
        if (random.nextDouble() < fraction) {
            dropped++;
            return true;
        }
        return false;
    }

    /** A decrypted RTP packet arrived: a jump past the next sequence number of a video stream NACKs the gap. */
    void onRtp(byte[] buf, int len) {
        if (len < 12 || RtpPacket.payloadType(buf, 0) != videoPayloadType) {
            return;
        }
        int ssrc = RtpPacket.ssrc(buf, 0);
        int sequence = RtpPacket.sequence(buf, 0);
        int[] last = highest.get(ssrc);
        if (last == null) {
            highest.put(ssrc, new int[] {sequence});
            return;
        }
        int ahead = (sequence - last[0]) & 0xFFFF;
        if (ahead == 0 || ahead >= 0x8000) {
            return; // a duplicate, or older than the highest: a retransmission or reordering
        }
        int gap = ahead - 1;
        if (gap > 0 && gap <= MAX_GAP) {
            for (int i = 0; i < gap; i++) {
                missing[i] = (last[0] + 1 + i) & 0xFFFF;
            }
            out.sendRtcp(nack, GenericNack.write(nack, 0, SENDER_SSRC, ssrc, missing, gap));
            nacked += gap;
        }
        last[0] = sequence;
    }

    long dropped() {
        return dropped;
    }

    long nacked() {
        return nacked;
    }
}
