package io.meridian.router;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.GenericNack;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.rtp.vp8.Vp8Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A RID-simulcast VP8 publisher (three layers as Chromium sends them: SSRCs learned from the rid element, a random
 * sequence, timestamp and PictureID base per layer) and one receiver, through the node's stages: one continuous
 * stream for the receiver across layer switches, switches only at key frames, layers chosen by the receiver's wishes
 * and its downlink estimate (a step up first proven on a padded path), and NACKs mapped to the layer they were sent
 * from.
 */
@ExtendWith(LeakGuard.class)
class SimulcastForwardingTest {
    static final int ANCHOR = 0x5A5A0001;
    static final int ANCHOR_RTX = 0x5A5A0002;
    static final int MID_ID = 9;
    static final int RID_ID = 10;
    static final int RRID_ID = 11;
    static final String[] RIDS = {"q", "h", "f"};
    static final int[] SSRCS = {0x11110000, 0x22220000, 0x33330000};
    static final int[] HEIGHTS = {180, 360, 720};
    /** Packet sizes: the layers' bitrates are 1 : 3 : 6. */
    static final int[] SIZES = {200, 600, 1200};
    /** The layer allocation's: the room a step up needs over the layers' sum, and how long it is proven. */
    static final double UP_HEADROOM = 1.15;
    static final long PROOF_NANOS = 2_000_000_000L;
    /** A round of frames, one of each layer, every 33 ms (30 frames a second). */
    static final long ROUND_NANOS = 33_000_000L;

    private final RouterHarness h = new RouterHarness();
    private final RouterHarness.Peer alice = h.peer("alice");
    private final RouterHarness.Peer bob = h.peer("bob");
    /** Per layer: next sequence number, timestamp, PictureID, TL0PICIDX (different bases, as each has its own). */
    private final int[] seq = {100, 20_000, 40_000};
    private final long[] ts = {1_000, 500_000, 9_000_000};
    private final int[] picture = {10, 3_000, 20_000};
    private final int[] tl0 = {5, 100, 200};

    @BeforeEach
    void publishAndSubscribe() {
        SimulcastSpec layers = SimulcastSpec.byRid(List.of(RIDS), "0", MID_ID, RID_ID, RRID_ID);
        assertTrue(h.conference.publish(alice.leg, new PublishedTrackSpec("cam", TrackKind.VIDEO, ANCHOR, ANCHOR_RTX,
                RtxPayloadTypes.of(new int[][] {{96, 97}}), layers,
                PublishedTrackSpec.codecTable(Map.of(96, VideoCodec.VP8)))));
        TrackMaps maps = TrackMaps.identity();
        maps.payloadTypes()[96] = 100;
        maps.payloadTypes()[97] = 101;
        for (int id : new int[] {MID_ID, RID_ID, RRID_ID}) {
            maps.extensionIds()[id] = 0; // never forwarded: they name the publisher's layers
        }
        assertTrue(h.conference.subscribe(bob.leg, ANCHOR, maps));
    }

    @AfterEach
    void close() {
        h.close();
    }

    /** One frame of {@code layer}: three packets, the first starting it (a key frame if asked), the last marked. */
    private void frame(int layer, boolean key) {
        for (int i = 0; i < 3; i++) {
            alice.sendRtpBytes(packet(layer, i == 0, i == 2, key));
        }
        picture[layer] = (picture[layer] + 1) & 0x7FFF;
        tl0[layer] = (tl0[layer] + 1) & 0xFF;
        ts[layer] += 3000;
    }

    private void round(boolean key) {
        round(key, 3);
    }

    /** One frame of each of the lowest {@code layers} layers. */
    private void round(boolean key, int layers) {
        for (int layer = 0; layer < layers; layer++) {
            frame(layer, key);
        }
        h.now += ROUND_NANOS;
    }

    /** Rounds of delta frames of every layer, each followed by the conference's tick, for {@code nanos}. */
    private void roundsFor(long nanos) {
        for (long end = h.now + nanos; h.now < end; ) {
            round(false);
            h.conference.tick();
        }
    }

    /** 1.3 s of rounds (the first of key frames), each followed by a tick: every layer's rate is measured. */
    private long[] measureTheLayers() {
        for (int i = 0; i < 40; i++) {
            round(i == 0);
            h.conference.tick();
        }
        long[] rates = rates();
        assertTrue(rates[0] > 0 && rates[1] > 2 * rates[0] && rates[2] > rates[1], java.util.Arrays.toString(rates));
        return rates;
    }

    /** Each layer's bitrate, as last measured. */
    private long[] rates() {
        SimulcastSource source = alice.leg.published(SSRCS[0]).simulcast();
        return new long[] {source.bps(0), source.bps(1), source.bps(2)};
    }

    private SimulcastSelector selector() {
        return bob.leg.downStream(ANCHOR).selector();
    }

    /** The top layer is what bob's allocation aims at, as it does with room for all (a receiver starts low). */
    private void aimAtTheTop() {
        selector().target(2);
    }

    /** A VP8 packet with mid and rid elements, a full descriptor (RFC 7741 §4.2), its payload bytes the layer's. */
    private byte[] packet(int layer, boolean start, boolean marker, boolean key) {
        byte[] b = new byte[SIZES[layer]];
        b[0] = (byte) 0x90;
        b[1] = (byte) ((marker ? 0x80 : 0) | 96);
        Bytes.put16(b, 2, seq[layer]++ & 0xFFFF);
        Bytes.put32(b, 4, (int) ts[layer]);
        Bytes.put32(b, 8, SSRCS[layer]);
        Bytes.put16(b, 12, 0xBEDE);
        Bytes.put16(b, 14, 1); // one word: mid (2 bytes) and rid (1 byte)
        b[16] = (byte) (MID_ID << 4);
        b[17] = '0';
        b[18] = (byte) (RID_ID << 4);
        b[19] = RIDS[layer].getBytes(StandardCharsets.US_ASCII)[0];
        int d = 20;
        b[d] = (byte) (0x80 | (start ? 0x10 : 0)); // X, S, PID 0
        b[d + 1] = (byte) 0xF0; // I L T K
        Bytes.put16(b, d + 2, 0x8000 | picture[layer]);
        b[d + 4] = (byte) tl0[layer];
        b[d + 5] = 0; // TID 0
        int p = d + 6;
        if (start) {
            b[p] = (byte) (key ? 0x10 : 0x11); // frame tag: P = 0 for a key frame
            b[p + 3] = (byte) 0x9d;
            b[p + 4] = 0x01;
            b[p + 5] = 0x2a;
            Bytes.put16(b, p + 6, Integer.reverseBytes(HEIGHTS[layer] * 16 / 9) >>> 16);
            b[p + 8] = (byte) HEIGHTS[layer];
            b[p + 9] = (byte) (HEIGHTS[layer] >> 8);
            p += 10;
        }
        for (int i = p; i < b.length; i++) {
            b[i] = (byte) layer;
        }
        return b;
    }

    /** What the receiver got on its media SSRC (probes and retransmissions come on its RTX SSRC). */
    private List<byte[]> media() {
        return bob.rtp().stream().filter(p -> RtpPacket.ssrc(p, 0) == ANCHOR).toList();
    }

    /** What the receiver got on its RTX SSRC: retransmissions, probes and padding. */
    private List<byte[]> rtx() {
        return bob.rtp().stream().filter(p -> RtpPacket.ssrc(p, 0) == ANCHOR_RTX).toList();
    }

    private static int layerOf(byte[] got) {
        return got[got.length - 1];
    }

    private static int descriptorAt(byte[] got) {
        return RtpPacket.headerLength(got, 0, got.length);
    }

    /** Every packet on one SSRC, sequence numbers one apart, timestamps and PictureIDs never going back. */
    private static void assertContinuous(List<byte[]> got) {
        for (int i = 1; i < got.size(); i++) {
            byte[] a = got.get(i - 1);
            byte[] b = got.get(i);
            assertEquals(ANCHOR, RtpPacket.ssrc(b, 0), "the receiver's one SSRC");
            assertEquals((RtpPacket.sequence(a, 0) + 1) & 0xFFFF, RtpPacket.sequence(b, 0), "packet " + i);
            long dt = (RtpPacket.timestamp(b, 0) - RtpPacket.timestamp(a, 0)) & 0xFFFF_FFFFL;
            assertTrue(dt < 0x8000_0000L, "timestamps never go back at packet " + i);
            int dp = (Vp8Descriptor.pictureId(b, descriptorAt(b)) - Vp8Descriptor.pictureId(a, descriptorAt(a)))
                    & 0x7FFF;
            assertTrue(dp == 0 || dp == 1, "PictureID +0 or +1 at packet " + i + ", was +" + dp);
        }
    }

    @Test
    void layersAreLearnedFromTheirRidsAndTheReceiverGetsOneContinuousStreamClimbingToTheTop() {
        aimAtTheTop();
        round(true);
        round(false);
        round(false);
        for (int layer = 0; layer < 3; layer++) {
            assertEquals(SSRCS[layer], alice.leg.published(SSRCS[layer]).ssrc(), "bound by rid " + RIDS[layer]);
            assertEquals(layer, alice.leg.published(SSRCS[layer]).layer());
        }
        List<byte[]> got = media();
        assertContinuous(got);
        assertEquals(List.of(0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2),
                got.stream().map(SimulcastForwardingTest::layerOf).toList(),
                "each key frame nearer the top is a step up; then the top layer alone");
        assertEquals(100, RtpPacket.payloadType(got.get(0), 0));
        assertEquals(-1L, RtpPacket.extensionElement(got.get(0), 0, got.get(0).length, RID_ID), "no rid forwarded");
    }

    @Test
    void aReceiverThatAsksForTheLowLayerIsSwitchedDownAtItsKeyFrame() {
        aimAtTheTop();
        round(true);
        round(false);
        int before = media().size();
        int plis = alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size();
        h.conference.constrain(bob.leg, ANCHOR, 0, 0, false);
        h.now += KeyframeRequester.MIN_INTERVAL_NANOS;
        h.conference.tick();
        List<byte[]> plisNow = alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI);
        assertEquals(plis + 1, plisNow.size(), "the low layer is asked for a key frame");
        assertEquals(SSRCS[0], RtcpPacket.mediaSsrc(plisNow.get(plisNow.size() - 1), 0));
        round(false); // no key frame yet: the top layer goes on
        frame(0, true);
        frame(1, false);
        frame(2, false);
        List<byte[]> got = media();
        assertContinuous(got);
        assertEquals(List.of(2, 2, 2, 0, 0, 0), got.subList(before, got.size()).stream()
                .map(SimulcastForwardingTest::layerOf).toList());
        byte[] first = got.get(before + 3);
        int d = descriptorAt(first);
        assertTrue(Vp8Descriptor.isKeyFrame(first, d, Vp8Descriptor.length(first, d, first.length - d)),
                "the first packet after the switch starts a key frame");
    }

    @Test
    void theDownlinkEstimateChoosesTheHighestLayerThatFits() {
        long[] rates = measureTheLayers();
        SimulcastSelector selector = selector();
        bob.leg.bandwidthEstimated(rates[0] * 2);
        h.conference.tick();
        assertEquals(0, selector.target(), "only what fits");
        bob.leg.bandwidthEstimated(rates[2] * 6 / 5);
        roundsFor(PROOF_NANOS + 3 * ROUND_NANOS);
        assertEquals(1, selector.target(), "one step up, proven");
        roundsFor(PROOF_NANOS + 3 * ROUND_NANOS);
        assertEquals(2, selector.target(), "all the room there is");
        h.conference.constrain(bob.leg, ANCHOR, 2, 360, false);
        h.conference.tick();
        assertEquals(1, selector.target(), "no taller than the receiver asked: 360 lines, the middle layer");
        h.conference.constrain(bob.leg, ANCHOR, 2, 0, true);
        h.conference.tick();
        assertEquals(SimulcastSelector.NONE, selector.target(), "paused");
        assertFalse(selector.allows(0));
    }

    /** What else the receiver is sent (here another publisher's plain video) takes its share of the estimate. */
    @Test
    void otherMediaTheReceiverGetsCountsAgainstItsEstimate() {
        RouterHarness.Peer carol = h.peer("carol");
        int carolVideo = 0x0C0C0C0C;
        assertTrue(h.conference.publish(carol.leg, new PublishedTrackSpec("c", TrackKind.VIDEO, carolVideo, 0)));
        assertTrue(h.conference.subscribe(bob.leg, carolVideo, TrackMaps.identity()));
        int seq = 0;
        for (int i = 0; i < 40; i++) { // 1.3 s: the layers measured, and bob sent carol's video at the middle's rate
            round(i == 0);
            for (int k = 0; k < 3; k++) {
                carol.sendRtp(carolVideo, seq++, 96, SIZES[1]);
            }
            h.conference.tick();
        }
        long[] rates = rates();
        bob.leg.bandwidthEstimated(rates[0] + rates[1] * 11 / 10); // the two low layers' worth, no more
        h.conference.tick();
        assertEquals(0, selector().target(), "carol's video takes the middle layer's room");
    }

    @Test
    void aReceiverThatShowsTheTrackSmallerThanItsLowestLayerGetsTheLowest() {
        measureTheLayers();
        bob.leg.bandwidthEstimated(10_000_000);
        h.conference.constrain(bob.leg, ANCHOR, 2, HEIGHTS[0] / 2, false);
        h.conference.tick();
        assertEquals(0, selector().target(), "no layer is as small as asked: the smallest");
        int before = media().size();
        round(true);
        assertEquals(List.of(0, 0, 0), media().subList(before, media().size()).stream()
                .map(SimulcastForwardingTest::layerOf).toList());
    }

    @Test
    void aNewReceiverStartsOnTheLowestLayerAndStaysWhereItsFirstEstimateHasRoomForNoMore() {
        assertEquals(300_000, bob.leg.estimatedBps(), "before any feedback: where its estimator starts");
        for (int i = 0; i < 40; i++) { // key frames of every layer together, as Chromium sends them when asked
            round(i % 10 == 0);
            h.conference.tick();
        }
        assertEquals(0, selector().target(), "300 kbit/s: room for the low layer (144 kbit/s) only");
        List<Integer> layers = media().stream().map(SimulcastForwardingTest::layerOf).distinct().toList();
        assertEquals(List.of(0), layers, "never a key frame of a higher layer first, whatever comes first");
    }

    @Test
    void aLayerThatHasJustStartedIsNoStepUpUntilItsBitrateIsMeasured() {
        bob.leg.paddable(false); // steps up are taken at once, as for a receiver another loop sends to
        bob.leg.bandwidthEstimated(10_000_000);
        for (int i = 0; i < 40; i++) { // the publisher sends its two lower layers only
            round(i == 0, 2);
            h.conference.tick();
        }
        assertEquals(1, selector().target(), "the highest layer sent");
        round(false);
        h.conference.tick();
        assertEquals(1, selector().target(), "the top layer has just started: its bitrate is not known yet");
        roundsFor(SimulcastSource.RATE_WINDOW_NANOS + 3 * ROUND_NANOS);
        assertEquals(2, selector().target(), "measured, and there is room for it");
    }

    @Test
    void aStepUpIsTakenOnceThePathHasBeenPaddedToItsRateForAWhile() {
        long[] rates = measureTheLayers();
        bob.leg.bandwidthEstimated(rates[1] * 3 / 2); // room for the middle layer, not the top
        int resentBefore = rtx().size();
        long start = h.now;
        roundsFor(PROOF_NANOS - 3 * ROUND_NANOS);
        assertEquals(0, selector().target(), "not proven yet");
        long[] now = rates();
        long padding = (long) (now[1] * UP_HEADROOM) - now[0];
        assertEquals(padding, bob.leg.paddingBps(), "the middle layer and its headroom, less what is sent");
        long padded = rtx().subList(resentBefore, rtx().size()).stream().mapToLong(p -> p.length).sum();
        long expected = padding * (h.now - start) / 8 / 1_000_000_000L;
        assertTrue(padded > expected * 8 / 10 && padded < expected * 13 / 10, "padded " + padded + " bytes of the "
                + expected + " asked for");
        roundsFor(6 * ROUND_NANOS);
        assertEquals(1, selector().target(), "proven: the path carried it with its estimate above it throughout");
        assertEquals(0, bob.leg.paddingBps(), "nothing more to prove: the top layer does not fit");
    }

    @Test
    void aStepUpWhoseEstimateFallsWhileThePathIsPaddedStartsItsProofOver() {
        long[] rates = measureTheLayers();
        bob.leg.bandwidthEstimated(rates[1] * 3 / 2);
        roundsFor(PROOF_NANOS * 3 / 4);
        assertTrue(bob.leg.paddingBps() > 0, "padded while it is proven");
        bob.leg.bandwidthEstimated(rates[0] * 2); // the padded path's queue grew: its estimate fell
        round(false);
        h.conference.tick();
        assertEquals(0, bob.leg.paddingBps(), "no room for the step now: no padding");
        bob.leg.bandwidthEstimated(rates[1] * 3 / 2);
        roundsFor(PROOF_NANOS * 3 / 4);
        assertEquals(0, selector().target(), "the proof started over when the estimate came back");
        roundsFor(PROOF_NANOS / 4 + 3 * ROUND_NANOS);
        assertEquals(1, selector().target());
    }

    @Test
    void aNackIsAnsweredFromTheLayerThePacketCameFromAndNotAcrossASwitch() {
        aimAtTheTop();
        round(true);
        round(false);
        h.conference.constrain(bob.leg, ANCHOR, 0, 0, false);
        h.conference.tick();
        frame(0, true);
        frame(1, false);
        frame(2, false);
        List<byte[]> got = media();
        int lowSeq = RtpPacket.sequence(got.get(got.size() - 2), 0); // a layer-0 packet after the switch
        int topSeq = RtpPacket.sequence(got.get(got.size() - 4), 0); // the last top-layer packet before it
        int sent = bob.rtp().size();
        h.now += 50_000_000L;
        for (int nacked : new int[] {topSeq, lowSeq}) {
            byte[] nack = new byte[GenericNack.HEADER_LENGTH + GenericNack.FCI_LENGTH];
            int len = GenericNack.write(nack, 0, bob.leg.localSsrc(), ANCHOR, new int[] {nacked}, 1);
            bob.sendRtcp(nack, len);
        }
        List<byte[]> resent = bob.rtp().subList(sent, bob.rtp().size());
        assertEquals(1, resent.size(), "the packet of the layer left behind is not answered from the new one");
        byte[] rtx = resent.get(0);
        assertEquals(ANCHOR_RTX, RtpPacket.ssrc(rtx, 0));
        assertEquals(lowSeq, Bytes.u16(rtx, RtpPacket.headerLength(rtx, 0, rtx.length)), "the OSN it repairs");
        assertEquals(0, layerOf(rtx), "from the low layer's cache");
    }

    @Test
    void aRidTheOfferDidNotNameBindsNothing() {
        byte[] stranger = packet(0, true, true, true);
        stranger[19] = 'x';
        Bytes.put32(stranger, 8, 0x77770000);
        alice.sendRtpBytes(stranger);
        assertEquals(null, alice.leg.published(0x77770000));
        assertEquals(1, h.counters.drops(DropReason.UNKNOWN_SSRC));
        assertTrue(bob.rtp().isEmpty());
    }
}
