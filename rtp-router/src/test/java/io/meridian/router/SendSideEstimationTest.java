package io.meridian.router;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.TransportFeedback;
import io.meridian.rtp.TransportSequenceNumber;
import io.meridian.rtp.testing.LeakGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node numbers what it sends each transport-cc receiver on that receiver's own sequence, and reads the
 * receiver's feedback into an estimate of its path (injected clock; the receiver's clock is the feedback's).
 */
@ExtendWith(LeakGuard.class)
class SendSideEstimationTest {
    private static final int VIDEO = 0x0B0B0B0B;
    private static final long MS = 1_000_000L;

    private final RouterHarness h = new RouterHarness();
    private final RouterHarness.Peer alice = h.peer("alice");
    private final RouterHarness.Peer bob = h.peer("bob");
    private final List<Long> estimates = new ArrayList<>();

    @AfterEach
    void closeHarness() {
        h.close();
    }

    /** A packet with the publisher's transport-wide sequence number {@code tseq} under id 3. */
    private static byte[] packet(int seq, int tseq) {
        return RouterHarness.withElement(VIDEO, seq, RouterHarness.TRANSPORT_SEQUENCE_ID, tseq, 2);
    }

    private void publish() {
        assertTrue(h.conference.publish(alice.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, VIDEO, 0)));
        h.conference.subscribe(bob.leg, VIDEO, TrackMaps.identity());
    }

    /**
     * Bob's feedback on his transport sequence numbers {@code from..from+n-1}: the first arriving at
     * {@code firstArrival} on his clock, each next one {@code spacing} after (§3.1: a reference time in 64 ms, then
     * receive deltas in 250 µs, the first from the reference time).
     */
    private void bobReports(int from, int n, long firstArrival, long spacingNanos) {
        int referenceTime = (int) (firstArrival / TransportFeedback.REFERENCE_NANOS);
        int[] deltas = new int[n];
        Arrays.fill(deltas, (int) (spacingNanos / TransportFeedback.DELTA_NANOS));
        deltas[0] = (int) ((firstArrival - referenceTime * TransportFeedback.REFERENCE_NANOS)
                / TransportFeedback.DELTA_NANOS);
        byte[] b = new byte[TransportFeedback.maxLength(n)];
        int len = TransportFeedback.write(b, 0, 0x4242, VIDEO, from, referenceTime, 0, deltas, 0, n);
        bob.sendRtcp(b, len);
    }

    @Test
    void eachReceiverGetsItsOwnTransportWideNumbers() {
        publish();
        alice.sendRtp(0x0A0A0A0A, 1, 111, 10); // unknown SSRC: dropped, numbers nothing
        alice.sendRtpBytes(packet(100, 5000));
        alice.sendRtpBytes(packet(101, 5001));
        alice.sendRtpBytes(packet(102, 7000));
        List<Integer> numbers = bob.rtp().stream().map(p -> TransportSequenceNumber.read(p, 0, p.length,
                RouterHarness.TRANSPORT_SEQUENCE_ID)).toList();
        assertEquals(List.of(0, 1, 2), numbers, "the receiver's sequence, not the publisher's");
        assertEquals(102, RtpPacket.sequence(bob.rtp().get(2), 0));
    }

    @Test
    void packetsOfAPublisherWithoutTransportCcAreNumberedToo() {
        publish();
        alice.sendRtp(VIDEO, 100, 96, 40); // no extension block at all
        alice.sendRtpBytes(RouterHarness.withElement(VIDEO, 101, RouterHarness.ABS_SEND_TIME_ID, 0x123456, 3));
        List<byte[]> got = bob.rtp();
        assertEquals(2, got.size());
        for (int i = 0; i < 2; i++) {
            byte[] p = got.get(i);
            assertEquals(i, TransportSequenceNumber.read(p, 0, p.length, RouterHarness.TRANSPORT_SEQUENCE_ID),
                    "an element the node added, with the receiver's next number");
        }
        byte[] first = got.get(0);
        assertEquals(40, first.length - RtpPacket.headerLength(first, 0, first.length), "the payload, whole");
        byte[] second = got.get(1);
        int sendTime = RtpPacket.extensionData(second, 0, second.length, RouterHarness.ABS_SEND_TIME_ID, 3);
        assertEquals(0x123456, (Bytes.u16(second, sendTime) << 8) | (second[sendTime + 2] & 0xFF),
                "the element the publisher wrote is kept");
    }

    @Test
    void theReceiversFeedbackDrivesItsEstimateDownWhenItsQueueGrows() {
        h.events.bandwidth = estimates::add;
        publish();
        int tseq = 0;
        long arrival = 20 * MS;
        // 15 s at 1.9 Mb/s (a packet every 5 ms) arriving as sent: the estimate grows from its start.
        for (int round = 0; round < 150; round++) {
            int first = tseq;
            for (int i = 0; i < 20; i++, tseq++) {
                h.now += 5 * MS;
                alice.sendRtpBytes(packet(tseq, tseq));
            }
            bobReports(first, 20, arrival, 5 * MS);
            arrival += 100 * MS;
        }
        long calm = estimates.get(estimates.size() - 1);
        assertTrue(calm > 700_000, "grew from the 300 kb/s start: " + calm);
        // Then his path takes 500 kb/s: each 1,200-byte packet arrives 19.2 ms after the one before.
        for (int round = 150; round < 200; round++) {
            int first = tseq;
            for (int i = 0; i < 20; i++, tseq++) {
                h.now += 5 * MS;
                alice.sendRtpBytes(packet(tseq, tseq));
            }
            bobReports(first, 20, arrival, 19_200_000L);
            arrival += 20 * 19_200_000L;
        }
        long congested = estimates.get(estimates.size() - 1);
        assertTrue(congested < 600_000 && congested < calm, "fell toward the 500 kb/s path: " + calm + " -> "
                + congested);
    }
}
