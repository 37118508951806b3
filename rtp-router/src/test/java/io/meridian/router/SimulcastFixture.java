package io.meridian.router;

import io.meridian.rtp.Bytes;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.rtp.vp8.Vp8Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A RID-simulcast VP8 publisher (three layers as Chromium sends them: SSRCs learned from the rid element, a random
 * sequence, timestamp and PictureID base per layer) and one receiver, through the node's stages, for the simulcast
 * tests: the frames, rounds and rate measurements they drive, and what the receiver got.
 */
@ExtendWith(LeakGuard.class)
abstract class SimulcastFixture {
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

    final RouterHarness h = new RouterHarness();
    final RouterHarness.Peer alice = h.peer("alice");
    final RouterHarness.Peer bob = h.peer("bob");
    /** Per layer: next sequence number, timestamp, PictureID, TL0PICIDX (different bases, as each has its own). */
    final int[] seq = {100, 20_000, 40_000};
    final long[] ts = {1_000, 500_000, 9_000_000};
    final int[] picture = {10, 3_000, 20_000};
    final int[] tl0 = {5, 100, 200};
    /** The temporal layer (RFC 7741 §4.2: TID) of the frames {@link #frame} sends next; TL0PICIDX counts TID 0's. */
    int tid;

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
    void frame(int layer, boolean key) {
        for (int i = 0; i < 3; i++) {
            alice.sendRtpBytes(packet(layer, i == 0, i == 2, key));
        }
        picture[layer] = (picture[layer] + 1) & 0x7FFF;
        if (tid == 0) {
            tl0[layer] = (tl0[layer] + 1) & 0xFF;
        }
        ts[layer] += 3000;
    }

    void round(boolean key) {
        round(key, 3);
    }

    /** One frame of each of the lowest {@code layers} layers. */
    void round(boolean key, int layers) {
        for (int layer = 0; layer < layers; layer++) {
            frame(layer, key);
        }
        h.now += ROUND_NANOS;
    }

    /** Rounds of delta frames of every layer, each followed by the conference's tick, for {@code nanos}. */
    void roundsFor(long nanos) {
        for (long end = h.now + nanos; h.now < end; ) {
            round(false);
            h.conference.tick();
        }
    }

    /** 1.3 s of rounds (the first of key frames), each followed by a tick: every layer's rate is measured. */
    long[] measureTheLayers() {
        for (int i = 0; i < 40; i++) {
            round(i == 0);
            h.conference.tick();
        }
        long[] rates = rates();
        assertTrue(rates[0] > 0 && rates[1] > 2 * rates[0] && rates[2] > rates[1], java.util.Arrays.toString(rates));
        return rates;
    }

    /** Each layer's bitrate, as last measured. */
    long[] rates() {
        SimulcastSource source = alice.leg.published(SSRCS[0]).simulcast();
        return new long[] {source.bps(0), source.bps(1), source.bps(2)};
    }

    SimulcastSelector selector() {
        return bob.leg.downStream(ANCHOR).selector();
    }

    /** The top layer is what bob's allocation aims at, as it does with room for all (a receiver starts low). */
    void aimAtTheTop() {
        selector().target(2);
    }

    /** A VP8 packet with mid and rid elements, a full descriptor (RFC 7741 §4.2), its payload bytes the layer's. */
    byte[] packet(int layer, boolean start, boolean marker, boolean key) {
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
        b[d + 5] = (byte) (tid << 6); // TID, no layer sync
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
    List<byte[]> media() {
        return bob.rtp().stream().filter(p -> RtpPacket.ssrc(p, 0) == ANCHOR).toList();
    }

    /** What the receiver got on its RTX SSRC: retransmissions, probes and padding. */
    List<byte[]> rtx() {
        return bob.rtp().stream().filter(p -> RtpPacket.ssrc(p, 0) == ANCHOR_RTX).toList();
    }

    static int layerOf(byte[] got) {
        return got[got.length - 1];
    }

    static int descriptorAt(byte[] got) {
        return RtpPacket.headerLength(got, 0, got.length);
    }

    /** Every packet on one SSRC, sequence numbers one apart, timestamps and PictureIDs never going back. */
    static void assertContinuous(List<byte[]> got) {
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
}
