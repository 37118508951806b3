package io.meridian.router;

import io.meridian.router.cc.CongestionSettings;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.TransportFeedback;
import io.meridian.rtp.testing.LeakGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transport-cc feedback to a publisher (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3) on the injected clock:
 * what its packets' transport-wide sequence numbers and arrival times become in the feedback it is sent.
 */
@ExtendWith(LeakGuard.class)
class TransportCcFeedbackTest {
    private static final int VIDEO = 0x0B0B0B0B;
    private static final int AUDIO = 0x0A0A0A0A;
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    /** Feedback every 50 ms, libwebrtc's interval at video bitrates (the timings below are written for it). */
    private static final long INTERVAL = 50_000_000L;

    private final RouterHarness h = new RouterHarness(new CongestionSettings(true, INTERVAL, true, 5_000_000L));
    private final RouterHarness.Peer alice = h.peer("alice");
    private final RouterHarness.Peer bob = h.peer("bob");
    private final long t0 = h.now;
    private int rtpSequence;

    TransportCcFeedbackTest() {
        h.conference.publish(alice.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, VIDEO, 0));
        h.conference.publish(alice.leg, new PublishedTrackSpec("a", TrackKind.AUDIO, AUDIO, 0));
        h.conference.subscribe(bob.leg, VIDEO, TrackMaps.identity());
    }

    @AfterEach
    void closeHarness() {
        h.close();
    }

    /** At {@code at} after the start, {@code from} sends on {@code ssrc} a packet with transport-wide number {@code tsn}. */
    private void send(RouterHarness.Peer from, int ssrc, int tsn, long at) {
        h.now = t0 + at;
        byte[] p = new byte[12 + 8 + 20];
        p[0] = (byte) 0x90; // V=2, X
        p[1] = 96;
        Bytes.put16(p, 2, rtpSequence++);
        Bytes.put32(p, 8, ssrc);
        Bytes.put16(p, 12, 0xBEDE); // RFC 8285 §4.2, one word: the element (L=1: two bytes), then padding
        Bytes.put16(p, 14, 1);
        p[16] = (byte) (RouterHarness.TRANSPORT_SEQUENCE_ID << 4 | 1);
        Bytes.put16(p, 17, tsn);
        from.sendRtpBytes(p);
    }

    private static List<byte[]> feedback(RouterHarness.Peer to) {
        return to.rtcpOfType(RtcpPacket.RTPFB, TransportFeedback.FMT);
    }

    /** The statuses as "sequence:delta" (in 250 µs), "sequence:-" when not received. */
    private static List<String> statuses(byte[] fb) {
        List<String> out = new ArrayList<>();
        assertTrue(TransportFeedback.forEachStatus(fb, 0, fb.length,
                (seq, delta) -> out.add(seq + ":" + (delta == TransportFeedback.NOT_RECEIVED ? "-" : delta))));
        return out;
    }

    @Test
    void transportCcFeedbackContentForAKnownArrivalPattern() {
        // Transport-wide 1..10 with 4 and 7 lost; 10 overtakes 9. The clock starts at 1 s: reference time 15 x 64 ms.
        send(alice, VIDEO, 1, 0);
        send(alice, VIDEO, 2, 5 * MS);
        send(alice, AUDIO, 3, 10 * MS);
        send(alice, VIDEO, 5, 12 * MS + 250 * US);
        send(alice, VIDEO, 6, 20 * MS);
        send(alice, AUDIO, 8, 20 * MS);
        send(alice, VIDEO, 10, 25 * MS);
        send(alice, VIDEO, 9, 30 * MS + 100 * US);
        assertTrue(feedback(alice).isEmpty(), "nothing before the interval is over");

        h.now = t0 + 60 * MS;
        h.conference.tick();
        List<byte[]> sent = feedback(alice);
        assertEquals(1, sent.size());
        byte[] fb = sent.get(0);
        assertEquals(alice.leg.localSsrc(), RtcpPacket.senderSsrc(fb, 0));
        assertEquals(VIDEO, RtcpPacket.mediaSsrc(fb, 0), "the latest packet's SSRC, as libwebrtc names it");
        assertEquals(1, TransportFeedback.baseSequence(fb, 0));
        assertEquals(10, TransportFeedback.statusCount(fb, 0));
        assertEquals(15, TransportFeedback.referenceTime(fb, 0));
        assertEquals(0, TransportFeedback.feedbackCount(fb, 0));
        // 40 ms after 960 ms; 5; 5; -; 2.25; 7.75; -; 0; 10.1, which is 40.4 ticks: 10's delta counts from 1030 ms.
        assertEquals(List.of("1:160", "2:20", "3:20", "4:-", "5:9", "6:31", "7:-", "8:0", "9:40", "10:-20"),
                statuses(fb));
        assertEquals(36, fb.length, "20 header, two chunks, seven one-byte deltas and a two-byte one, padded");
        assertEquals(1, h.counters.transportFeedbacks());
        assertEquals(6, bob.rtp().size(), "the video went on to Bob as ever");

        h.now = t0 + 200 * MS;
        h.conference.tick();
        assertEquals(1, feedback(alice).size(), "no arrival, no feedback");
    }

    @Test
    void aLatePacketIsReportedFromItsOwnNumberAndWhatWasReportedBeforeIsNot() {
        for (int tsn = 1; tsn <= 6; tsn++) {
            if (tsn != 4) {
                send(alice, VIDEO, tsn, tsn * MS);
            }
        }
        send(alice, VIDEO, 7, 60 * MS); // after the interval: reports 1..7 with 4 missing, on its own
        assertEquals(List.of("1:164", "2:4", "3:4", "4:-", "5:8", "6:4", "7:216"), statuses(feedback(alice).get(0)));

        send(alice, VIDEO, 4, 70 * MS);
        send(alice, VIDEO, 8, 80 * MS);
        h.now = t0 + 120 * MS;
        h.conference.tick();
        byte[] second = feedback(alice).get(1);
        assertEquals(4, TransportFeedback.baseSequence(second, 0), "§3.1: the base goes back for the late packet");
        assertEquals(1, TransportFeedback.feedbackCount(second, 0));
        assertEquals(List.of("4:184", "5:-", "6:-", "7:-", "8:40"), statuses(second),
                "§3.1.1: what an earlier feedback reported received is not reported again");
    }

    @Test
    void packetsALaterStageDropsStillCountAsArrived() {
        send(alice, VIDEO, 100, 0);
        send(alice, 0x0DEAD, 101, MS);
        assertEquals(1, h.counters.drops(DropReason.UNKNOWN_SSRC));
        send(alice, VIDEO, 102, 70 * MS);
        assertEquals(List.of("100:160", "101:4", "102:276"), statuses(feedback(alice).get(0)));
    }

    @Test
    void onlyALegThatNegotiatedTransportCcIsSentFeedback() {
        RouterHarness.Peer carol = h.peer("carol", EnumSet.of(Feature.NACK, Feature.PLI, Feature.FIR));
        int ssrc = 0x0C0C0C0C;
        h.conference.publish(carol.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, ssrc, 0));
        send(carol, ssrc, 1, 0);
        send(carol, ssrc, 2, INTERVAL);
        h.now += 200 * MS;
        h.conference.tick();
        assertTrue(feedback(carol).isEmpty());
        assertEquals(0, h.counters.transportFeedbacks());
    }
}
