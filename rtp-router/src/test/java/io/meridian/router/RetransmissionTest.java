package io.meridian.router;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.GenericNack;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.testing.LeakGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Receivers' NACKs answered from the node's cache (RFC 4585 §6.2.1, RFC 4588), on an injected clock. */
@ExtendWith(LeakGuard.class)
class RetransmissionTest {
    private static final int VIDEO = 0x0B0B0B0B;
    private static final int VIDEO_RTX = 0x0C0C0C0C;

    private final RouterHarness h = new RouterHarness();
    private final RouterHarness.Peer alice = h.peer("alice");
    private final RouterHarness.Peer bob = h.peer("bob");
    private final RouterHarness.Peer carol = h.peer("carol");

    @AfterEach
    void closeHarness() {
        h.close();
    }

    /** Alice publishes VP8 (96) with RTX (97); bob numbers them 100 and 101, carol as alice does. */
    private void alicePublishesWithRtx() {
        h.publishVideoWithRtx(alice, VIDEO, VIDEO_RTX, bob);
        h.conference.subscribe(carol.leg, VIDEO, TrackMaps.identity());
    }

    private static byte[] nack(int mediaSsrc, int... seqs) {
        byte[] b = new byte[GenericNack.HEADER_LENGTH + seqs.length * GenericNack.FCI_LENGTH];
        int len = GenericNack.write(b, 0, 0x1234, mediaSsrc, seqs, seqs.length);
        return Arrays.copyOf(b, len);
    }

    private static List<Integer> lost(byte[] nack) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < GenericNack.fciCount(nack.length); i++) {
            GenericNack.forEachLost(nack, 0, i, out::add);
        }
        return out;
    }

    @Test
    void aNackIsAnsweredAsRtxOnTheReceiversRtxStreamWithTheOriginalSequenceNumber() {
        alicePublishesWithRtx();
        for (int seq = 10; seq < 15; seq++) {
            alice.sendRtp(VIDEO, seq, 96, 40);
        }
        byte[] original = bob.rtp().get(2);
        int before = bob.rtp().size();
        byte[] n = nack(VIDEO, 12);
        bob.sendRtcp(n, n.length);

        assertEquals(before + 1, bob.rtp().size());
        byte[] rtx = bob.rtp().get(before);
        assertEquals(VIDEO_RTX, RtpPacket.ssrc(rtx, 0), "on the RTX SSRC the receiver was told of");
        assertEquals(101, RtpPacket.payloadType(rtx, 0), "the receiver's RTX payload type");
        int header = RtpPacket.headerLength(original, 0, original.length);
        assertEquals(header, RtpPacket.headerLength(rtx, 0, rtx.length), "the same header extensions");
        assertEquals(12, Bytes.u16(rtx, header), "RFC 4588 §4: the OSN first");
        assertEquals(original.length + 2, rtx.length);
        assertTrue(Arrays.equals(original, header, original.length, rtx, header + 2, rtx.length),
                "then the original payload");
        assertEquals(RtpPacket.timestamp(original, 0), RtpPacket.timestamp(rtx, 0), "the original timestamp");
        assertTrue(carol.rtp().stream().noneMatch(p -> RtpPacket.ssrc(p, 0) == VIDEO_RTX),
                "only the receiver that asked gets it");
        assertTrue(alice.rtcpOfType(RtcpPacket.RTPFB, RtcpPacket.FMT_NACK).isEmpty(), "a hit goes no further");
        assertEquals(1, h.counters.retransmissions());
        assertEquals(1, h.counters.nacksReceived());

        bob.sendRtcp(n, n.length);
        assertEquals(before + 1, bob.rtp().size(), "not again at once");
        h.now += 30_000_000L;
        bob.sendRtcp(n, n.length);
        assertEquals(before + 2, bob.rtp().size(), "again after a while");
        byte[] second = bob.rtp().get(before + 1);
        assertEquals((RtpPacket.sequence(rtx, 0) + 1) & 0xFFFF, RtpPacket.sequence(second, 0),
                "the RTX stream numbers its own packets, one after another");
        for (int i = 0; i < 5; i++) {
            h.now += 30_000_000L;
            bob.sendRtcp(n, n.length);
        }
        assertEquals(before + 3, bob.rtp().size(), "three times at most");
    }

    @Test
    void aReceiverWithoutRtxGetsThePacketItself() {
        assertTrue(h.conference.publish(alice.leg, new PublishedTrackSpec("v", TrackKind.VIDEO, VIDEO, 0)));
        TrackMaps maps = TrackMaps.identity();
        maps.payloadTypes()[96] = 98;
        h.conference.subscribe(bob.leg, VIDEO, maps);
        bob.loseNext = 1;
        alice.sendRtp(VIDEO, 500, 96, 40);
        alice.sendRtp(VIDEO, 501, 96, 40);
        assertEquals(1, bob.rtp().size(), "500 was lost on the way");
        byte[] n = nack(VIDEO, 500);
        bob.sendRtcp(n, n.length);
        assertEquals(2, bob.rtp().size());
        byte[] resent = bob.rtp().get(1);
        assertEquals(VIDEO, RtpPacket.ssrc(resent, 0));
        assertEquals(500, RtpPacket.sequence(resent, 0));
        assertEquals(98, RtpPacket.payloadType(resent, 0), "rewritten for the receiver as the first time");
    }

    @Test
    void anRtxReceiverIsNotResentAPacketWhosePayloadTypeHasNoRtxOne() {
        alicePublishesWithRtx();
        alice.sendRtp(VIDEO, 20, 96, 40);
        alice.sendRtp(VIDEO, 21, 100, 40);
        int before = bob.rtp().size();
        byte[] n = nack(VIDEO, 20, 21);
        bob.sendRtcp(n, n.length);
        assertEquals(before + 1, bob.rtp().size(), "20 as RTX; 21 (payload type 100, no RTX type) not at all");
        assertEquals(VIDEO_RTX, RtpPacket.ssrc(bob.rtp().get(before), 0));
        assertEquals(1, h.counters.retransmissions());
        assertTrue(alice.rtcpOfType(RtcpPacket.RTPFB, RtcpPacket.FMT_NACK).isEmpty(), "nor asked of the publisher");
    }

    @Test
    void onlyWhatTheCacheLacksGoesToThePublisherInItsNumbering() {
        alicePublishesWithRtx();
        alice.sendRtp(VIDEO, 1001, 96, 40);
        byte[] n = nack(VIDEO, 1000, 1001, 1002);
        bob.sendRtcp(n, n.length);
        List<byte[]> upstream = alice.rtcpOfType(RtcpPacket.RTPFB, RtcpPacket.FMT_NACK);
        assertEquals(1, upstream.size());
        assertEquals(VIDEO, RtcpPacket.mediaSsrc(upstream.get(0), 0));
        assertEquals(List.of(1000, 1002), lost(upstream.get(0)));
        assertEquals(2, h.counters.cacheMisses());
        assertEquals(1, h.counters.retransmissions(), "1001 came from the cache");
    }

    @Test
    void hostileNacksAreBoundedAndNackingAStrangersStreamDoesNothing() {
        alicePublishesWithRtx();
        for (int seq = 0; seq < 300; seq++) {
            alice.sendRtp(VIDEO, seq, 96, 40);
        }
        int[] all = new int[10_000];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        byte[] flood = nack(VIDEO, all);
        int before = bob.rtp().size();
        bob.sendRtcp(flood, flood.length);
        assertEquals(256, bob.rtp().size() - before, "one NACK resends at most 256 packets");
        assertEquals(1, h.counters.drops(DropReason.FEEDBACK_TOO_LARGE));

        RouterHarness.Peer dave = h.peer("dave");
        byte[] stranger = nack(VIDEO, 5);
        dave.sendRtcp(stranger, stranger.length);
        byte[] unknown = nack(0x77777777, 5);
        dave.sendRtcp(unknown, unknown.length);
        assertTrue(dave.rtp().isEmpty(), "nothing of a stream it does not receive");
        assertEquals(2, h.counters.drops(DropReason.FEEDBACK_UNKNOWN_STREAM), "dropped and counted");
    }

    @Test
    void aPublishersGapIsAskedOfItRetriedRepairedOnceForEveryoneAndGivenUp() {
        alicePublishesWithRtx();
        alice.sendRtp(VIDEO, 1, 96, 40);
        alice.sendRtp(VIDEO, 2, 96, 40);
        alice.sendRtp(VIDEO, 5, 96, 40);
        List<byte[]> asked = alice.rtcpOfType(RtcpPacket.RTPFB, RtcpPacket.FMT_NACK);
        assertEquals(1, asked.size(), "asked at once");
        assertEquals(List.of(3, 4), lost(asked.get(0)));

        h.now += 50_000_000L;
        h.conference.tick();
        assertEquals(1, alice.rtcpOfType(RtcpPacket.RTPFB, RtcpPacket.FMT_NACK).size(), "not again within a round trip");
        h.now += 60_000_000L;
        h.conference.tick();
        asked = alice.rtcpOfType(RtcpPacket.RTPFB, RtcpPacket.FMT_NACK);
        assertEquals(2, asked.size(), "asked again");
        assertEquals(List.of(3, 4), lost(asked.get(1)));

        byte[] rtx = new byte[12 + 2 + 40];
        rtx[0] = (byte) 0x80;
        rtx[1] = 97;
        Bytes.put16(rtx, 2, 1);
        Bytes.put32(rtx, 8, VIDEO_RTX);
        Bytes.put16(rtx, 12, 3);
        alice.sendRtpBytes(rtx);
        for (RouterHarness.Peer receiver : List.of(bob, carol)) {
            assertEquals(List.of(1, 2, 5, 3), receiver.rtp().stream().map(p -> RtpPacket.sequence(p, 0)).toList(),
                    "the repaired packet reaches every receiver once, on the stream");
        }

        h.now += UPSTREAM_RETRY;
        h.conference.tick();
        asked = alice.rtcpOfType(RtcpPacket.RTPFB, RtcpPacket.FMT_NACK);
        assertEquals(3, asked.size());
        assertEquals(List.of(4), lost(asked.get(2)), "only what is still missing");
        h.now += UPSTREAM_RETRY;
        h.conference.tick();
        h.now += UPSTREAM_RETRY;
        h.conference.tick();
        assertEquals(3, alice.rtcpOfType(RtcpPacket.RTPFB, RtcpPacket.FMT_NACK).size(), "given up after three asks");
        assertEquals(3, h.counters.upstreamNacks());
    }

    private static final long UPSTREAM_RETRY = 100_000_000L;

    @Test
    void upstreamRetriesWaitARoundTripToThePublisher() {
        alicePublishesWithRtx();
        alice.leg.roundTripMeasured(300_000_000L);
        alice.sendRtp(VIDEO, 1, 96, 40);
        alice.sendRtp(VIDEO, 3, 96, 40);
        h.now += 200_000_000L;
        h.conference.tick();
        assertEquals(1, alice.rtcpOfType(RtcpPacket.RTPFB, RtcpPacket.FMT_NACK).size(), "the repair may be on its way");
        h.now += 180_000_000L;
        h.conference.tick();
        assertEquals(2, alice.rtcpOfType(RtcpPacket.RTPFB, RtcpPacket.FMT_NACK).size(), "a round trip and a bit later");
    }
}
