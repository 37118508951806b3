package io.meridian.router;

import io.meridian.router.rtcp.RtcpTermination;
import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.testing.LeakGuard;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LeakGuard.class)
class ConferenceForwardingTest {
    private static final int AUDIO = 0x0A0A0A0A;
    private static final int VIDEO = 0x0B0B0B0B;
    private static final int VIDEO_RTX = 0x0C0C0C0C;

    private final RouterHarness h = new RouterHarness();

    @AfterEach
    void closeHarness() {
        h.close();
    }
    private final RouterHarness.Peer alice = h.peer("alice");
    private final RouterHarness.Peer bob = h.peer("bob");
    private final RouterHarness.Peer carol = h.peer("carol");

    private void alicePublishes() {
        assertTrue(h.conference.publish(alice.leg, new PublishedTrackSpec("a-audio", TrackKind.AUDIO, AUDIO, 0)));
        assertTrue(h.conference.publish(alice.leg, new PublishedTrackSpec("a-video", TrackKind.VIDEO, VIDEO, VIDEO_RTX)));
    }

    @Test
    void forwardsOnlyToSubscribersWithTheirPayloadType() {
        alicePublishes();
        TrackMaps maps = TrackMaps.identity();
        maps.payloadTypes()[111] = 109;
        assertTrue(h.conference.subscribe(bob.leg, AUDIO, maps));
        alice.sendRtp(AUDIO, 1, 111, 100);
        assertEquals(1, bob.rtp().size());
        byte[] got = bob.rtp().get(0);
        assertEquals(109, RtpPacket.payloadType(got, 0));
        assertEquals(AUDIO, RtpPacket.ssrc(got, 0));
        assertEquals(1, RtpPacket.sequence(got, 0));
        assertEquals(100, got.length - RtpPacket.headerLength(got, 0, got.length), "the whole payload");
        assertEquals(0, carol.rtp().size(), "carol did not subscribe");
        assertEquals(0, alice.rtp().size(), "a publisher never receives its own media");
        assertEquals(1, h.counters.packetsOut());
    }

    @Test
    void aReceiverPausedWhileThePublisherSentHalfTheSequenceSpaceDecryptsWhatFollows() {
        alicePublishes();
        h.conference.subscribe(bob.leg, VIDEO, TrackMaps.identity());
        alice.sendRtp(VIDEO, 100, 96, 20);
        assertTrue(h.conference.constrain(bob.leg, VIDEO, 0, 0, 0, true));
        int seq = 101;
        for (; seq <= 100 + 40_000; seq++) {
            alice.sendRtp(VIDEO, seq & 0xFFFF, 96, 20);
        }
        h.conference.constrain(bob.leg, VIDEO, 0, 0, 0, false);
        alice.sendRtp(VIDEO, seq & 0xFFFF, 96, 20);
        alice.sendRtp(VIDEO, (seq + 1) & 0xFFFF, 96, 20);
        assertEquals(3, bob.rtp().size(), "decrypted after the pause (the harness fails on what does not)");
        assertEquals(101, RtpPacket.sequence(bob.rtp().get(1), 0), "numbered on from the last packet it got, not "
                + "40,000 on, which its SRTP would take for a packet from before the last wrap");
        assertEquals(102, RtpPacket.sequence(bob.rtp().get(2), 0));
    }

    @Test
    void thePublishersRtxIsTakenBackIntoItsStreamForEveryReceiverOnce() {
        assertTrue(h.conference.publish(alice.leg, new PublishedTrackSpec("a-video", TrackKind.VIDEO, VIDEO,
                VIDEO_RTX, RtxPayloadTypes.of(new int[][] {{96, 97}}))));
        h.conference.subscribe(bob.leg, VIDEO, TrackMaps.identity());
        h.conference.subscribe(carol.leg, VIDEO, TrackMaps.identity());
        alice.sendRtp(VIDEO, 40, 96, 50);
        // RFC 4588 §4: the RTX payload is the original sequence number (42, lost on the way in), then its payload.
        byte[] rtx = new byte[12 + 2 + 50];
        rtx[0] = (byte) 0x80;
        rtx[1] = 97;
        Bytes.put16(rtx, 2, 7);
        Bytes.put32(rtx, 8, VIDEO_RTX);
        Bytes.put16(rtx, 12, 42);
        alice.sendRtpBytes(rtx);
        byte[] again = rtx.clone();
        Bytes.put16(again, 2, 8); // a second repair of the same packet, on the next RTX sequence number
        alice.sendRtpBytes(again);
        for (RouterHarness.Peer receiver : java.util.List.of(bob, carol)) {
            assertEquals(2, receiver.rtp().size(), "the repaired packet once, besides the first");
            byte[] repaired = receiver.rtp().get(1);
            assertEquals(VIDEO, RtpPacket.ssrc(repaired, 0), "on the stream it repairs, not on the RTX SSRC");
            assertEquals(42, RtpPacket.sequence(repaired, 0));
            assertEquals(96, RtpPacket.payloadType(repaired, 0));
            assertEquals(50, repaired.length - RtpPacket.headerLength(repaired, 0, repaired.length),
                    "without the OSN");
        }
        assertEquals(1, h.counters.repairs());
        assertEquals(1, h.counters.drops(DropReason.DUPLICATE));
    }

    @Test
    void subscribingToVideoAsksThePublisherForAKeyFrame() {
        alicePublishes();
        h.conference.subscribe(bob.leg, VIDEO, TrackMaps.identity());
        var plis = alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI);
        assertEquals(1, plis.size());
        assertEquals(VIDEO, RtcpPacket.mediaSsrc(plis.get(0), 0));
    }

    @Test
    void receiverPliReachesPublisherRateLimitedButNotLost() {
        alicePublishes();
        h.conference.subscribe(bob.leg, VIDEO, TrackMaps.identity());
        h.conference.subscribe(carol.leg, VIDEO, TrackMaps.identity());
        int before = alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size();
        h.now += KeyframeRequester.MIN_INTERVAL_NANOS;
        byte[] pli = new byte[12];
        RtcpPacket.writePli(pli, 0, 1234, VIDEO);
        bob.sendRtcp(pli, 12);
        carol.sendRtcp(pli, 12);
        assertEquals(before + 1, alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size(),
                "two requests inside the interval produce one PLI");
        h.now += KeyframeRequester.MIN_INTERVAL_NANOS;
        h.conference.tick();
        assertEquals(before + 2, alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size(),
                "the deferred request is sent on the next tick");
    }

    @Test
    void firFromReceiverBecomesKeyFrameRequest() {
        alicePublishes();
        h.conference.subscribe(bob.leg, VIDEO, TrackMaps.identity());
        h.now += KeyframeRequester.MIN_INTERVAL_NANOS;
        byte[] fir = new byte[20];
        RtcpPacket.writeFir(fir, 0, 99, VIDEO, 1);
        bob.sendRtcp(fir, 20);
        assertEquals(2, alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size());
    }

    @Test
    void nackIsForwardedToThePublisherWithItsLostPackets() {
        alicePublishes();
        h.conference.subscribe(bob.leg, VIDEO, TrackMaps.identity());
        byte[] nack = new byte[16];
        RtcpPacket.writeNackHeader(nack, 0, 77, VIDEO, 1);
        Bytes.put16(nack, 12, 1000);
        Bytes.put16(nack, 14, 0b101);
        bob.sendRtcp(nack, 16);
        var nacks = alice.rtcpOfType(RtcpPacket.RTPFB, RtcpPacket.FMT_NACK);
        assertEquals(1, nacks.size());
        assertEquals(VIDEO, RtcpPacket.mediaSsrc(nacks.get(0), 0));
        assertEquals(1000, Bytes.u16(nacks.get(0), 12));
        assertEquals(0b101, Bytes.u16(nacks.get(0), 14));
    }

    @Test
    void feedbackForAStreamTheSenderDoesNotReceiveIsIgnored() {
        alicePublishes();
        byte[] pli = new byte[12];
        RtcpPacket.writePli(pli, 0, 1, VIDEO);
        carol.sendRtcp(pli, 12);
        assertEquals(0, alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size());
    }

    @Test
    void senderReportsAreReissuedToReceiversWithoutReportBlocks() {
        alicePublishes();
        h.conference.subscribe(bob.leg, AUDIO, TrackMaps.identity());
        byte[] sr = new byte[52];
        sr[0] = (byte) 0x81;
        sr[1] = (byte) RtcpPacket.SR;
        Bytes.put16(sr, 2, 12);
        Bytes.put32(sr, 4, AUDIO);
        Bytes.put32(sr, 8, 0x11223344);
        Bytes.put32(sr, 12, 0x55667788);
        Bytes.put32(sr, 16, 0x0BADCAFE);
        alice.sendRtcp(sr, 52);
        var srs = bob.rtcpOfType(RtcpPacket.SR, 0);
        assertEquals(1, srs.size());
        assertEquals(28, srs.get(0).length);
        assertEquals(AUDIO, Bytes.i32(srs.get(0), 4));
        assertEquals(0x0BADCAFE, Bytes.i32(srs.get(0), 16), "the publisher's RTP timestamp is kept");
        assertTrue(Bytes.i32(srs.get(0), 8) != 0x11223344, "NTP time is the node's own");
    }

    @Test
    void receiverReportsGiveLossJitterAndRoundTrip() {
        alicePublishes();
        h.conference.subscribe(bob.leg, AUDIO, TrackMaps.identity());
        byte[] sr = new byte[28];
        sr[0] = (byte) 0x80;
        sr[1] = (byte) RtcpPacket.SR;
        Bytes.put16(sr, 2, 6);
        Bytes.put32(sr, 4, AUDIO);
        alice.sendRtcp(sr, 28);
        byte[] forwarded = bob.rtcpOfType(RtcpPacket.SR, 0).get(0);
        long lsr = Bytes.u32(forwarded, 10);
        h.now += 80_000_000L;
        byte[] rr = new byte[32];
        RtcpPacket.writeRrHeader(rr, 0, 4321, 1);
        RtcpPacket.writeReportBlock(rr, 8, AUDIO, 64, 3, 100, 480, (int) lsr, 65536 / 50);
        bob.sendRtcp(rr, 32);
        RecordingListener.Reception report = h.events.lastReception(bob.leg);
        assertEquals(0.25, report.fractionLost(), 1e-9);
        assertEquals(10.0, report.jitterMillis(), 1e-9);
        assertEquals(60.0, report.roundTripMillis(), 0.1, "80 ms since the SR minus 20 ms held by the receiver");
    }

    @Test
    void receiverReportsDescribeWhatThePublisherSent() {
        alicePublishes();
        alice.sendRtp(AUDIO, 10, 111, 20);
        alice.sendRtp(AUDIO, 13, 111, 20);
        h.now += RtcpTermination.REPORT_INTERVAL_NANOS;
        h.conference.tick();
        var rrs = alice.rtcpOfType(RtcpPacket.RR, 1);
        assertEquals(1, rrs.size());
        byte[] rr = rrs.get(0);
        assertEquals(AUDIO, Bytes.i32(rr, 8));
        assertEquals(2, ((rr[13] & 0xFF) << 16) | Bytes.u16(rr, 14), "two of four packets lost");
        assertEquals(13, Bytes.i32(rr, 16));
    }

    @Test
    void tamperedAndReplayedPacketsAreDroppedAndCounted() {
        alicePublishes();
        h.conference.subscribe(bob.leg, AUDIO, TrackMaps.identity());
        ByteBuf good = alice.encryptRtp(AUDIO, 1, 111, 40);
        ByteBuf replay = good.copy();
        ByteBuf tampered = alice.encryptRtp(AUDIO, 2, 111, 40);
        tampered.setByte(tampered.writerIndex() - 1, tampered.getByte(tampered.writerIndex() - 1) ^ 1);
        alice.deliver(good);
        alice.deliver(replay);
        alice.deliver(tampered);
        assertEquals(1, bob.rtp().size());
        assertEquals(1, h.counters.drops(DropReason.SRTP_REPLAYED));
        assertEquals(1, h.counters.drops(DropReason.SRTP_AUTH_FAILED));
    }

    @Test
    void unknownSsrcAndGarbageAreDroppedAndCounted() {
        alicePublishes();
        alice.sendRtp(0x77777777, 1, 111, 10);
        assertEquals(1, h.counters.drops(DropReason.UNKNOWN_SSRC));
        ByteBuf junk = h.alloc.heapBuffer(8);
        junk.writeBytes(new byte[]{(byte) 0x80, 0, 1, 2, 3, 4, 5, 6});
        alice.deliver(junk);
        assertEquals(1, h.counters.drops(DropReason.MALFORMED_RTP));
    }

    @Test
    void duplicateSsrcIsRefusedAndLeavingStopsForwarding() {
        alicePublishes();
        assertTrue(!h.conference.publish(carol.leg, new PublishedTrackSpec("c", TrackKind.AUDIO, AUDIO, 0)));
        h.conference.subscribe(bob.leg, AUDIO, TrackMaps.identity());
        assertTrue(alice.leg.srtpReady());
        h.conference.removeLeg(alice.leg);
        assertTrue(bob.leg.downStreams.isEmpty());
        assertTrue(alice.leg.publishedStreams().isEmpty());
        assertEquals(null, h.conference.context().stream(AUDIO));
        assertTrue(!alice.leg.srtpReady(), "the departed leg's SRTP contexts are closed");
    }
}
