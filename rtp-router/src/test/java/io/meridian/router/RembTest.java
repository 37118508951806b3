package io.meridian.router;

import io.meridian.rtp.Remb;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.testing.LeakGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A publisher without transport-cc is told the node's estimate of its uplink in REMB, from its packets'
 * abs-send-time against their arrival on the injected clock.
 */
@ExtendWith(LeakGuard.class)
class RembTest {
    private static final int VIDEO = 0x0B0B0B0B;
    private static final long MS = 1_000_000L;

    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void closeHarness() {
        h.close();
    }

    /** A packet carrying abs-send-time (24 bits of 6.18 fixed-point seconds) for send time {@code sendNanos}. */
    private static byte[] packet(int seq, long sendNanos) {
        return RouterHarness.withElement(VIDEO, seq, RouterHarness.ABS_SEND_TIME_ID,
                ((sendNanos << 18) / 1_000_000_000L) & 0xFFFFFF, 3);
    }

    private static List<byte[]> rembs(RouterHarness.Peer peer) {
        return peer.rtcpOfType(RtcpPacket.PSFB, Remb.FMT);
    }

    @Test
    void theEstimateFollowsThePublishersPathDownWhenItsQueueGrows() {
        RouterHarness.Peer alice = h.peer("alice", new Negotiated(EnumSet.of(Feature.NACK, Feature.PLI, Feature.REMB),
                0, RouterHarness.ABS_SEND_TIME_ID));
        assertTrue(h.conference.publish(alice.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, VIDEO, 0)));
        long start = h.now;
        int seq = 0;
        // Ten seconds at 1.9 Mb/s over an uncongested path (20 ms one way), a packet every 5 ms.
        for (long t = 0; t < 10_000 * MS; t += 5 * MS, seq++) {
            h.now = start + t + 20 * MS;
            alice.sendRtpBytes(packet(seq, t));
            if (t % (100 * MS) == 0) {
                h.conference.tick();
            }
        }
        List<byte[]> calm = rembs(alice);
        assertTrue(calm.size() >= 5, "about one a second: " + calm.size());
        byte[] last = calm.get(calm.size() - 1);
        assertTrue(Remb.is(last, 0, last.length));
        assertEquals(VIDEO, Remb.ssrc(last, 0, 0), "for the publisher's stream");
        long before = Remb.bitrate(last, 0);
        assertTrue(before > 500_000, "grew from the 300 kb/s start on a path that carries more: " + before);

        // Then a 500 kb/s bottleneck: each packet leaves it 19.2 ms after the one before, so the queue grows.
        long free = h.now;
        for (long t = 10_000 * MS; t < 14_000 * MS; t += 5 * MS, seq++) {
            free = Math.max(free, start + t + 20 * MS) + 19_200_000L;
            h.now = free;
            alice.sendRtpBytes(packet(seq, t));
            if (t % (100 * MS) == 0) {
                h.conference.tick();
            }
        }
        List<byte[]> all = rembs(alice);
        long after = Remb.bitrate(all.get(all.size() - 1), 0);
        assertTrue(after < before * 0.9, "the estimate fell: " + before + " -> " + after);
    }

    @Test
    void aPublisherWithTransportCcGetsNoRemb() {
        RouterHarness.Peer alice = h.peer("alice");
        assertTrue(h.conference.publish(alice.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, VIDEO, 0)));
        for (int seq = 0; seq < 100; seq++) {
            h.now += 5 * MS;
            alice.sendRtpBytes(packet(seq, seq * 5 * MS));
            h.conference.tick();
        }
        assertTrue(rembs(alice).isEmpty(), "its own estimator works from the node's transport-cc feedback");
    }
}
