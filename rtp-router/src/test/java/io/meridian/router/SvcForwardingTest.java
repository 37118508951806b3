package io.meridian.router;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.GenericNack;
import io.meridian.rtp.RtcpPacket;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.svc.DependencyDescriptors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Receivers of one VP9 or AV1 stream with three spatial and three temporal layers (Chromium's L3T3_KEY) get the
 * layers they asked for: the rest left out without a gap in their sequence numbers, the picture's end marked on the
 * highest layer they get, a climb only at a key picture, and NACKs answered with the packet they name.
 */
class SvcForwardingTest {
    static final int SSRC = 0x5C5C0001;
    static final int RTX_SSRC = 0x5C5C0002;
    static final int VP9 = 98;
    static final int AV1 = 45;
    static final int DD_ID = 13;
    /** The temporal layer of each picture in turn (L3T3: 0, 2, 1, 2). */
    static final int[] TIDS = {0, 2, 1, 2};
    static final int[] HEIGHTS = {180, 360, 720};

    final RouterHarness h = new RouterHarness();
    final RouterHarness.Peer alice = h.peer("alice", new Negotiated(EnumSet.allOf(Feature.class),
            RouterHarness.TRANSPORT_SEQUENCE_ID, RouterHarness.ABS_SEND_TIME_ID, 0, DD_ID));
    final RouterHarness.Peer bob = h.peer("bob");
    final RouterHarness.Peer carol = h.peer("carol");
    final RouterHarness.Peer dave = h.peer("dave");
    int seq = 1000;
    long ts = 50_000;
    int picture;
    boolean av1;

    void publish(int pt, VideoCodec codec) {
        av1 = codec == VideoCodec.AV1;
        assertTrue(h.conference.publish(alice.leg, new PublishedTrackSpec("cam", TrackKind.VIDEO, SSRC, RTX_SSRC,
                RtxPayloadTypes.of(new int[][] {{pt, pt + 1}}), null, PublishedTrackSpec.codecTable(Map.of(pt,
                codec)))));
        for (RouterHarness.Peer receiver : List.of(bob, carol, dave)) {
            assertTrue(h.conference.subscribe(receiver.leg, SSRC, TrackMaps.identity()));
            receiver.leg.paddable(false); // a step up at once, not after a padded proof
            receiver.leg.bandwidthEstimated(50_000_000); // room for every layer: the wishes choose
        }
    }

    /**
     * 1.3 s of pictures, a key picture first and last, the conference ticked after each: the layers' rates are
     * measured, each receiver's allocation has chosen, and the last key picture lets each climb to it.
     */
    void warmUp() {
        for (int i = 0; i < 40; i++) {
            picture(i == 0 || i == 39);
            h.conference.tick();
        }
    }

    /** What {@code peer} got from the picture after the warm-up on. */
    List<byte[]> after(RouterHarness.Peer peer, int before) {
        List<byte[]> all = media(peer);
        return all.subList(before, all.size());
    }

    @AfterEach
    void close() {
        h.close();
    }

    /**
     * One picture: each spatial layer's frame in two packets, the last of the top layer marked (as libwebrtc
     * marks the end of a picture). Each packet's payload ends with its spatial and temporal layer and picture.
     */
    void picture(boolean key) {
        int tid = key ? 0 : TIDS[picture % TIDS.length];
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 2; i++) {
                alice.sendRtpBytes(av1 ? av1Packet(s, tid, i == 0, i == 1, key) : vp9Packet(s, tid, i == 0, i == 1,
                        key));
            }
        }
        picture++;
        ts += 3000;
        h.now += 33_000_000L;
    }

    private byte[] header(int pt, boolean marker, int extensionBytes, int payload) {
        byte[] b = new byte[12 + extensionBytes + payload + 3];
        b[0] = (byte) (extensionBytes > 0 ? 0x90 : 0x80);
        b[1] = (byte) ((marker ? 0x80 : 0) | pt);
        Bytes.put16(b, 2, seq++ & 0xFFFF);
        Bytes.put32(b, 4, (int) ts);
        Bytes.put32(b, 8, SSRC);
        return b;
    }

    private void tag(byte[] b, int spatial, int tid) {
        b[b.length - 3] = (byte) spatial;
        b[b.length - 2] = (byte) tid;
        b[b.length - 1] = (byte) picture;
    }

    /** A VP9 packet in non-flexible mode (RFC 9628 §4.2), with the scalability structure on a key picture's start. */
    byte[] vp9Packet(int spatial, int tid, boolean start, boolean end, boolean key) {
        boolean ss = key && start && spatial == 0;
        byte[] b = header(VP9, end && spatial == 2, 0, 5 + (ss ? 13 : 0) + 20);
        int d = 12;
        b[d] = (byte) (0x80 | (key ? 0 : 0x40) | 0x20 | (start ? 0x08 : 0) | (end ? 0x04 : 0) | (ss ? 0x02 : 0));
        Bytes.put16(b, d + 1, 0x8000 | picture);
        b[d + 3] = (byte) (tid << 5 | spatial << 1 | (spatial > 0 && key ? 1 : 0));
        b[d + 4] = (byte) (picture / TIDS.length);
        if (ss) {
            b[d + 5] = 0x50; // N_S = 2, Y
            for (int s = 0; s < 3; s++) {
                Bytes.put16(b, d + 6 + 4 * s, HEIGHTS[s] * 16 / 9);
                Bytes.put16(b, d + 8 + 4 * s, HEIGHTS[s]);
            }
        }
        tag(b, spatial, tid);
        return b;
    }

    /** An AV1 packet whose layers the Dependency Descriptor (two-byte header form, RFC 8285 §4.3) tells. */
    byte[] av1Packet(int spatial, int tid, boolean start, boolean end, boolean key) {
        byte[] dd = key && start && spatial == 0 ? DependencyDescriptors.keyFrame(10)
                : DependencyDescriptors.delta(spatial, tid, start, end, picture * 3 + spatial);
        int words = (2 + dd.length + 3) / 4;
        byte[] b = header(AV1, end && spatial == 2, 4 + 4 * words, 20);
        Bytes.put16(b, 12, 0x1000);
        Bytes.put16(b, 14, words);
        b[16] = DD_ID;
        b[17] = (byte) dd.length;
        System.arraycopy(dd, 0, b, 18, dd.length);
        tag(b, spatial, tid);
        return b;
    }

    static int spatialOf(byte[] p) {
        return p[p.length - 3];
    }

    static int tidOf(byte[] p) {
        return p[p.length - 2];
    }

    List<byte[]> media(RouterHarness.Peer peer) {
        return peer.rtp().stream().filter(p -> RtpPacket.ssrc(p, 0) == SSRC).toList();
    }

    /** Sequence numbers one apart, and the marker exactly on the last packet of each picture (its timestamp's). */
    static void assertContinuousAndMarked(List<byte[]> got) {
        assertFalse(got.isEmpty());
        for (int i = 1; i < got.size(); i++) {
            assertEquals((RtpPacket.sequence(got.get(i - 1), 0) + 1) & 0xFFFF, RtpPacket.sequence(got.get(i), 0),
                    "no gap at packet " + i);
        }
        for (int i = 0; i < got.size(); i++) {
            boolean lastOfPicture = i == got.size() - 1
                    || RtpPacket.timestamp(got.get(i + 1), 0) != RtpPacket.timestamp(got.get(i), 0);
            assertEquals(lastOfPicture, RtpPacket.marker(got.get(i), 0), "marker at packet " + i);
        }
    }

    static List<Integer> spatialLayers(List<byte[]> got) {
        return got.stream().map(SvcForwardingTest::spatialOf).distinct().sorted().toList();
    }

    /** Each receiver gets its layers: bob all, carol (at most 360 high) two, dave the base layer at 1/4 the rate. */
    void eachReceiverGetsTheLayersItAskedFor() {
        h.conference.constrain(carol.leg, SSRC, Integer.MAX_VALUE, Integer.MAX_VALUE, 360, false);
        h.conference.constrain(dave.leg, SSRC, 0, 0, 0, false);
        warmUp();
        assertContinuousAndMarked(media(bob));
        assertContinuousAndMarked(media(carol));
        assertContinuousAndMarked(media(dave));
        int bobBefore = media(bob).size();
        int carolBefore = media(carol).size();
        int daveBefore = media(dave).size();
        picture = 0;
        for (int i = 0; i < 9; i++) {
            picture(false);
            h.conference.tick();
        }
        assertEquals(9 * 6, after(bob, bobBefore).size());
        assertEquals(List.of(0, 1, 2), spatialLayers(after(bob, bobBefore)));
        assertEquals(List.of(0, 1), spatialLayers(after(carol, carolBefore)), "180 and 360 fit in 360");
        assertEquals(9 * 4, after(carol, carolBefore).size());
        assertEquals(List.of(0), spatialLayers(after(dave, daveBefore)));
        assertTrue(after(dave, daveBefore).stream().allMatch(p -> tidOf(p) == 0), "the base temporal layer only");
        assertEquals(3 * 2, after(dave, daveBefore).size(), "pictures 0, 4 and 8");
        for (RouterHarness.Peer peer : List.of(bob, carol, dave)) {
            assertContinuousAndMarked(media(peer));
        }
    }

    /**
     * Bob's downlink estimate chooses his spatial layers as it does a simulcast receiver's layer: fewer at the next
     * picture when it falls, more at a key picture (asked for) when it rises again.
     */
    @Test
    void theDownlinkEstimateChoosesTheSpatialLayers() {
        publish(VP9, VideoCodec.VP9);
        warmUp();
        SvcFilter svc = bob.leg.downStream(SSRC).svc();
        assertEquals(2, svc.current(), "room for all");
        long lowTwo = svc.bps(1);
        assertTrue(svc.bps(0) > 0 && lowTwo > svc.bps(0) && svc.bps(2) > lowTwo, "each layer measured, with those "
                + "below it: " + svc.bps(0) + ", " + lowTwo + ", " + svc.bps(2));
        bob.leg.bandwidthEstimated(lowTwo * 11 / 10);
        h.conference.tick();
        int before = media(bob).size();
        picture(false);
        assertEquals(List.of(0, 1), spatialLayers(after(bob, before)), "the top layer left out at once");
        int plis = alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size();
        h.now += 1_000_000_000L; // past the last key picture asked for (at most one a second per receiver)
        bob.leg.bandwidthEstimated(50_000_000);
        h.conference.tick();
        assertTrue(alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size() > plis, "a key picture asked for");
        picture(true);
        assertEquals(List.of(0, 1, 2), spatialLayers(after(bob, before + 4)), "all layers from the key picture");
        assertContinuousAndMarked(media(bob));
    }

    @Test
    void vp9ReceiversGetTheirLayersWithoutGaps() {
        publish(VP9, VideoCodec.VP9);
        eachReceiverGetsTheLayersItAskedFor();
    }

    @Test
    void av1ReceiversGetTheirLayersFromTheDependencyDescriptor() {
        publish(AV1, VideoCodec.AV1);
        eachReceiverGetsTheLayersItAskedFor();
        byte[] first = media(dave).get(0);
        assertTrue(RtpPacket.extensionElement(first, 0, first.length, DD_ID) >= 0, "the descriptor is forwarded");
    }

    /**
     * A receiver on the lower layers whose step up is being proven is padded with packets it got (as RTX: duplicates
     * it drops), never with the top layer's, which would be a frame it never had.
     */
    @Test
    void paddingForAStepUpResendsOnlyWhatTheReceiverGot() {
        publish(VP9, VideoCodec.VP9);
        warmUp();
        bob.leg.bandwidthEstimated(bob.leg.downStream(SSRC).svc().bps(1) * 11 / 10);
        h.conference.tick();
        picture(false);
        bob.leg.paddable(true);
        bob.leg.bandwidthEstimated(50_000_000); // the step to the top layer is proven first, padded
        for (int i = 0; i < 10; i++) {
            picture(false);
            h.conference.tick();
        }
        assertTrue(bob.leg.paddingBps() > 0, "padding asked for");
        java.util.Set<Integer> got = new java.util.HashSet<>();
        media(bob).forEach(p -> got.add(RtpPacket.sequence(p, 0)));
        List<byte[]> padding = bob.rtp().stream().filter(p -> RtpPacket.ssrc(p, 0) == RTX_SSRC).toList();
        assertFalse(padding.isEmpty(), "padding sent");
        for (byte[] rtx : padding) {
            int osn = Bytes.u16(rtx, RtpPacket.headerLength(rtx, 0, rtx.length));
            assertTrue(got.contains(osn), "padding repeats packet " + osn + ", which bob got");
            assertTrue(spatialOf(rtx) < 2, "never the top layer he does not get");
        }
    }

    @Test
    void aHigherLayerWaitsForAKeyPictureWhichIsAskedFor() {
        publish(VP9, VideoCodec.VP9);
        h.conference.constrain(carol.leg, SSRC, 0, Integer.MAX_VALUE, 0, false);
        warmUp();
        int plis = alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size();
        h.now += KeyframeRequester.MIN_INTERVAL_NANOS;
        h.conference.constrain(carol.leg, SSRC, 2, Integer.MAX_VALUE, 0, false);
        h.conference.tick();
        assertTrue(alice.rtcpOfType(RtcpPacket.PSFB, RtcpPacket.FMT_PLI).size() > plis, "a key picture is asked for");
        int before = media(carol).size();
        picture(false);
        assertEquals(List.of(0), spatialLayers(media(carol).subList(before, media(carol).size())),
                "no climb on a delta picture");
        picture(true);
        picture(false);
        List<byte[]> got = media(carol);
        assertContinuousAndMarked(got);
        assertEquals(List.of(0, 1, 2), spatialLayers(got.subList(before + 2, got.size())), "all layers from the key");
    }

    @Test
    void aNackOfARenumberedPacketIsAnsweredWithThatPacket() {
        publish(VP9, VideoCodec.VP9);
        h.conference.constrain(carol.leg, SSRC, 1, Integer.MAX_VALUE, 0, false);
        warmUp();
        List<byte[]> got = media(carol);
        byte[] asked = got.get(got.size() - 3); // past several pictures' top layers left out
        int sent = carol.rtp().size();
        h.now += 50_000_000L;
        byte[] nack = new byte[GenericNack.HEADER_LENGTH + GenericNack.FCI_LENGTH];
        int len = GenericNack.write(nack, 0, carol.leg.localSsrc(), SSRC,
                new int[] {RtpPacket.sequence(asked, 0)}, 1);
        carol.sendRtcp(nack, len);
        List<byte[]> resent = new ArrayList<>(carol.rtp().subList(sent, carol.rtp().size()));
        assertEquals(1, resent.size());
        byte[] rtx = resent.get(0);
        assertEquals(RTX_SSRC, RtpPacket.ssrc(rtx, 0));
        assertEquals(RtpPacket.sequence(asked, 0), Bytes.u16(rtx, RtpPacket.headerLength(rtx, 0, rtx.length)),
                "the OSN is the receiver's number");
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(asked, asked.length - 3, asked.length)),
                java.util.Arrays.toString(java.util.Arrays.copyOfRange(rtx, rtx.length - 3, rtx.length)),
                "the very packet it names");
        assertEquals(RtpPacket.marker(asked, 0), RtpPacket.marker(rtx, 0), "marked as it was the first time");
    }
}
