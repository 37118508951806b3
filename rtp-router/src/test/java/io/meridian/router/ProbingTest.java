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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node probes a transport-cc receiver's path with bursts of cached packets resent as RTX, so the receiver's
 * estimate can grow past what it happens to be forwarded (injected clock; the receiver's clock is its feedback's).
 */
@ExtendWith(LeakGuard.class)
class ProbingTest {
    private static final int VIDEO = 0x0B0B0B0B;
    private static final int VIDEO_RTX = 0x0C0C0C0C;
    private static final long MS = 1_000_000L;

    private final RouterHarness h = new RouterHarness();
    private final RouterHarness.Peer alice = h.peer("alice");
    private final RouterHarness.Peer bob = h.peer("bob");
    private final List<Long> estimates = new ArrayList<>();
    /** Bob's clock: when the next packet he is sent arrives. */
    private long bobsClock = 1_000 * MS;

    @AfterEach
    void closeHarness() {
        h.close();
    }

    /** Alice publishes VP8 (96) with RTX (97), carrying transport-wide numbers; bob gets them as 100 and 101. */
    private void alicePublishesWithRtx() {
        h.events.bandwidth = estimates::add;
        h.publishVideoWithRtx(alice, VIDEO, VIDEO_RTX, bob);
    }

    /** Alice sends {@code n} packets from {@code seq}, one every 10 ms (about 1 Mb/s). */
    private void aliceSends(int seq, int n) {
        for (int i = 0; i < n; i++) {
            h.now += 10 * MS;
            alice.sendRtpBytes(RouterHarness.withElement(VIDEO, seq + i, RouterHarness.TRANSPORT_SEQUENCE_ID,
                    seq + i, 2));
        }
    }

    /**
     * Bob reports what he got from his transport-wide number {@code from} on: media 10 ms apart, each probe packet
     * (RTX) {@code probeSpacing} after the one before (how fast his path delivered the burst).
     */
    private void bobReports(int from, long probeSpacing) {
        List<byte[]> got = bob.rtp();
        List<Long> arrivals = new ArrayList<>();
        for (byte[] p : got) {
            int tseq = TransportSequenceNumber.read(p, 0, p.length, RouterHarness.TRANSPORT_SEQUENCE_ID);
            if (tseq >= from) {
                bobsClock += RtpPacket.ssrc(p, 0) == VIDEO_RTX ? probeSpacing : 10 * MS;
                arrivals.add(bobsClock);
            }
        }
        int referenceTime = (int) (arrivals.get(0) / TransportFeedback.REFERENCE_NANOS);
        int[] deltas = new int[arrivals.size()];
        long previous = referenceTime * TransportFeedback.REFERENCE_NANOS;
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = (int) ((arrivals.get(i) - previous) / TransportFeedback.DELTA_NANOS);
            previous += deltas[i] * TransportFeedback.DELTA_NANOS;
        }
        byte[] b = new byte[TransportFeedback.maxLength(deltas.length)];
        int len = TransportFeedback.write(b, 0, 0x4242, VIDEO, from, referenceTime, 0, deltas, 0, deltas.length);
        bob.sendRtcp(b, len);
    }

    private List<byte[]> rtxSince(int index) {
        List<byte[]> all = bob.rtp();
        return all.subList(index, all.size()).stream().filter(p -> RtpPacket.ssrc(p, 0) == VIDEO_RTX).toList();
    }

    @Test
    void aBurstOfTheNewestPacketsAsRtxNumberedOnTheReceiversSequence() {
        alicePublishesWithRtx();
        aliceSends(0, 20);
        assertEquals(20, bob.rtp().size());
        h.now += 100 * MS;
        h.conference.tick();

        List<byte[]> probe = rtxSince(20);
        assertEquals(5, probe.size(), "a cluster of five: 900 kb/s (three times the start) for 15 ms is less");
        for (int i = 0; i < probe.size(); i++) {
            byte[] p = probe.get(i);
            assertEquals(101, RtpPacket.payloadType(p, 0), "the receiver's RTX payload type");
            assertEquals(15 + i, Bytes.u16(p, RtpPacket.headerLength(p, 0, p.length)),
                    "RFC 4588 §4: the newest packets' sequence numbers as OSN, oldest first");
            assertEquals(20 + i, TransportSequenceNumber.read(p, 0, p.length, RouterHarness.TRANSPORT_SEQUENCE_ID),
                    "numbered after the media on the receiver's transport-wide sequence");
        }
        assertEquals(5, h.counters.probePackets());
        assertEquals(0, h.counters.retransmissions(), "a probe is not a retransmission");
        assertTrue(alice.rtp().isEmpty(), "the publisher sees nothing of it");
    }

    @Test
    void aProbeThePathCarriesLiftsTheEstimateAndTheNextFollowsAtOnce() {
        alicePublishesWithRtx();
        aliceSends(0, 20);
        h.now += 100 * MS;
        h.conference.tick(); // cluster 1, at 900 kb/s
        int afterFirst = bob.rtp().size();
        bobReports(0, 1 * MS); // 1,200 B a millisecond: the path takes 9.6 Mb/s
        long lifted = estimates.get(estimates.size() - 1);
        assertTrue(lifted >= 850_000, "the estimate starts from what the probe proved, not 300 kb/s: " + lifted);

        h.now += 100 * MS;
        h.conference.tick();
        List<byte[]> second = rtxSince(afterFirst);
        assertTrue(second.size() >= 5, "a successful probe is followed by a higher one at once: " + second.size());
        bobReports(25, 1 * MS);
        long higher = estimates.get(estimates.size() - 1);
        assertTrue(higher > 1_500_000, "twice the last estimate proved: " + higher);
    }

    @Test
    void aProbeThePathCannotCarryLeavesTheEstimateAndWaits() {
        alicePublishesWithRtx();
        aliceSends(0, 20);
        h.now += 100 * MS;
        h.conference.tick();
        bobReports(0, 32 * MS); // 1,200 B every 32 ms: 300 kb/s, a third of the 900 kb/s tried
        long estimate = estimates.get(estimates.size() - 1);
        assertTrue(estimate < 500_000, "not lifted: " + estimate);

        int before = bob.rtp().size();
        for (int i = 0; i < 40; i++) { // 4 s
            h.now += 100 * MS;
            h.conference.tick();
        }
        assertTrue(rtxSince(before).isEmpty(), "no new cluster for 5 s after one that failed");
        h.now += 1_000 * MS;
        aliceSends(20, 10); // fresh packets to probe with (the cache keeps a second)
        h.conference.tick();
        assertEquals(5, rtxSince(before).size(), "then one again");
    }

    @Test
    void aReceiverWithoutTransportCcIsNotProbed() {
        RouterHarness.Peer carol = h.peer("carol", java.util.EnumSet.of(Feature.NACK, Feature.PLI));
        alicePublishesWithRtx();
        TrackMaps carols = TrackMaps.identity();
        h.conference.subscribe(carol.leg, VIDEO, carols);
        aliceSends(0, 20);
        int before = carol.rtp().size();
        h.now += 100 * MS;
        h.conference.tick();
        assertEquals(before, carol.rtp().size(), "nothing to measure a probe with");
        assertEquals(5, h.counters.probePackets(), "bob's cluster only");
    }
}
