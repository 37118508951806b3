package io.meridian.router;

import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.testing.LeakGuard;
import io.meridian.rtp.vp8.Vp8Descriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Chromium simulcast (a recording of what Chromium 156 sent a node, resources chromium-156-simulcast/) replayed
 * through the router at its recorded pace, with the receiver's wishes forcing switches up and down: the receiver gets
 * one stream whose sequence numbers run on by one (by two after a frame cut short, as {@link DownStream} documents),
 * whose timestamps never go back, whose VP8 numbering (where the descriptor has it) runs on, and whose every switch
 * starts at a key frame of the new layer, at that layer's height.
 */
@ExtendWith(LeakGuard.class)
class RecordedSimulcastTest {
    private static final String RECORDING = "/chromium-156-simulcast/video.txt";
    private static final int ANCHOR = 0x5A5A0001;
    private static final int ANCHOR_RTX = 0x5A5A0002;
    /** Chromium's layers from its 1280x720 camera, lowest first (scaleResolutionDownBy 4, 2, 1). */
    private static final int[] HEIGHTS = {180, 360, 720};
    /**
     * The receiver's wishes (its highest layer): the first from the start, each next one just after a key frame round
     * (every layer's key frame, as the recorder asked for them), from the second round on (by then every layer's
     * bitrate is measured), held until the next round: up two, down one, up one, down two.
     */
    private static final int[] WISHES = {0, 2, 1, 2, 0};
    /** The node's conference tick (SessionTimers). */
    private static final long TICK_NANOS = 100_000_000L;

    private final RouterHarness h = new RouterHarness();
    private ChromiumRecording recording;
    private RouterHarness.Peer alice;
    private final RouterHarness.Peer bob = h.peer("bob");
    private int vp8;

    @BeforeEach
    void publishTheRecordedTrack() throws IOException {
        recording = ChromiumRecording.load(RECORDING);
        alice = h.peer("alice", new Negotiated(EnumSet.allOf(Feature.class), recording.transportSequenceId(),
                recording.absSendTimeId(), 0, recording.dependencyDescriptorId()));
        vp8 = recording.payloadType("VP8");
        int rtx = recording.rtxPayloadType(vp8);
        SimulcastSpec layers = SimulcastSpec.byRid(recording.rids(), recording.mid(), recording.midId(),
                recording.ridId(), recording.repairedRidId());
        assertTrue(h.conference.publish(alice.leg, new PublishedTrackSpec("cam", TrackKind.VIDEO, ANCHOR, ANCHOR_RTX,
                RtxPayloadTypes.of(new int[][] {{vp8, rtx}}), layers,
                PublishedTrackSpec.codecTable(Map.of(vp8, VideoCodec.VP8)))));
        TrackMaps maps = TrackMaps.identity();
        for (int id : new int[] {recording.midId(), recording.ridId(), recording.repairedRidId()}) {
            maps.extensionIds()[id] = 0; // they name the publisher's layers: never forwarded
        }
        assertTrue(h.conference.subscribe(bob.leg, ANCHOR, maps));
        bob.leg.paddable(false); // steps up at once, not after a padded proof
        bob.leg.bandwidthEstimated(50_000_000); // room for every layer: only the wishes choose
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void switchesUpAndDownKeepTheReceiversStreamContinuousAndStartAtKeyFrames() {
        List<Long> rounds = keyFrameRounds();
        assertTrue(rounds.size() > WISHES.length, "key frame rounds in the recording: " + rounds);
        List<Sent> sent = replay(rounds);

        List<Integer> layersSeen = new ArrayList<>();
        Sent previous = null;
        for (Sent s : sent) {
            byte[] b = s.out;
            assertEquals(ANCHOR, RtpPacket.ssrc(b, 0), "the receiver's one SSRC");
            boolean switched = previous == null || s.layer != previous.layer;
            if (switched) {
                int d = RtpPacket.headerLength(b, 0, b.length);
                int dl = Vp8Descriptor.length(b, d, b.length - d);
                assertTrue(Vp8Descriptor.isStartOfFrame(b, d) && Vp8Descriptor.isKeyFrame(b, d, dl),
                        "the first packet of layer " + s.layer + " (recorded packet " + s.index + ") starts a key frame");
                assertEquals(HEIGHTS[s.layer], Vp8Descriptor.keyFrameHeight(b, d, b.length - d, dl),
                        "the new layer's key frame, at packet " + s.index);
                layersSeen.add(s.layer);
            }
            if (previous != null) {
                assertContinues(previous, s, switched);
            }
            previous = s;
        }
        assertEquals(List.of(0, 2, 1, 2, 0), collapseSteps(layersSeen), "each wish reached, in turn; all seen: "
                + layersSeen);
    }

    /**
     * With the Dependency Descriptor negotiated (as the recording's call had it), a receiver that wants only the base
     * frame rate of the lowest layer gets its TID 0 frames alone, whole, with no gap in its sequence numbers: the
     * temporal layers come from the descriptor, since this Chromium's VP8 has no TID of its own.
     */
    @Test
    void temporalLayersFromTheDependencyDescriptorAreLeftOutWithoutGaps() {
        h.conference.constrain(bob.leg, ANCHOR, 0, 0, 0, false);
        long start = h.now;
        long nextTick = start;
        int lowest = 0;
        Map<Integer, Integer> layers = layersBySsrc();
        for (ChromiumRecording.Packet p : recording.packets) {
            h.now = start + p.arrivalMicros() * 1000;
            for (; nextTick <= h.now; nextTick += TICK_NANOS) {
                h.conference.tick();
            }
            alice.sendRtpBytes(p.bytes());
            if (Integer.valueOf(0).equals(layers.get(RtpPacket.ssrc(p.bytes(), 0)))
                    && RtpPacket.payloadType(p.bytes(), 0) == vp8) {
                lowest++;
            }
        }
        List<byte[]> got = media();
        io.meridian.rtp.svc.DependencyDescriptorReader reader = new io.meridian.rtp.svc.DependencyDescriptorReader();
        int ddId = recording.dependencyDescriptorId();
        boolean inFrame = false;
        for (int i = 0; i < got.size(); i++) {
            byte[] b = got.get(i);
            if (i > 0) {
                assertEquals((RtpPacket.sequence(got.get(i - 1), 0) + 1) & 0xFFFF, RtpPacket.sequence(b, 0),
                        "no gap at packet " + i);
            }
            long e = RtpPacket.extensionElement(b, 0, b.length, ddId);
            assertTrue(e >= 0, "the descriptor is forwarded");
            int info = reader.read(b, (int) (e >>> 8), (int) (e & 0xFF));
            assertTrue(io.meridian.rtp.svc.LayerInfo.known(info), "packet " + i + " names a known template");
            assertEquals(0, io.meridian.rtp.svc.LayerInfo.temporal(info), "packet " + i + " is of the base layer");
            assertEquals(!inFrame, io.meridian.rtp.svc.LayerInfo.startOfFrame(info), "frames whole, at " + i);
            inFrame = !io.meridian.rtp.svc.LayerInfo.endOfFrame(info);
        }
        assertTrue(got.size() > 0 && got.size() * 3 / 2 < lowest, got.size() + " of the lowest layer's " + lowest
                + " packets: its upper temporal layers left out");
    }

    /** One packet the receiver got on its media SSRC, the recorded packet it came from, and that packet's layer. */
    private record Sent(int index, int layer, byte[] out, boolean marker) {
    }

    /**
     * Replays the recording at its pace (the conference ticked as the node does), setting wish {@code i} just after
     * key frame round {@code i}; checks that each media packet of the layer forwarded gave one packet, nothing else
     * gave one, and returns what the receiver got.
     */
    private List<Sent> replay(List<Long> rounds) {
        long start = h.now;
        long nextTick = start;
        int wish = 0;
        h.conference.constrain(bob.leg, ANCHOR, WISHES[0], 0, false);
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < recording.packets.size(); i++) {
            ChromiumRecording.Packet p = recording.packets.get(i);
            h.now = start + p.arrivalMicros() * 1000;
            while (nextTick <= h.now) {
                if (wish + 1 < WISHES.length && nextTick - start >= rounds.get(wish + 1) * 1000 + TICK_NANOS) {
                    wish++;
                    h.conference.constrain(bob.leg, ANCHOR, WISHES[wish], 0, false);
                }
                h.conference.tick();
                nextTick += TICK_NANOS;
            }
            int before = media().size();
            int current = bob.leg.downStream(ANCHOR).selector().current();
            alice.sendRtpBytes(p.bytes());
            List<byte[]> got = media().subList(before, media().size());
            InboundStream from = alice.leg.published(RtpPacket.ssrc(p.bytes(), 0));
            boolean media = from != null && !from.isRtx() && RtpPacket.payloadType(p.bytes(), 0) == vp8;
            int expected = media && (from.layer() == current
                    || from.layer() == bob.leg.downStream(ANCHOR).selector().current()) ? 1 : 0;
            assertEquals(expected, got.size(), "what recorded packet " + i + " (layer "
                    + (from == null ? "?" : from.layer()) + (media ? "" : ", RTX") + ") gave the receiver");
            for (byte[] out : got) {
                sent.add(new Sent(i, from.layer(), out, RtpPacket.marker(out, 0)));
            }
        }
        assertEquals(WISHES.length - 1, wish, "every wish was set");
        for (String rid : recording.rids()) {
            assertTrue(alice.leg.publishedStreams().stream().anyMatch(s -> s.layer() == recording.rids().indexOf(rid)
                    && !s.isRtx()), "layer " + rid + " bound by its rid");
        }
        return sent;
    }

    /** {@code b} follows {@code a} on the receiver's stream as DownStream and Vp8Rewriter promise. */
    private static void assertContinues(Sent a, Sent b, boolean switched) {
        int seqStep = (RtpPacket.sequence(b.out, 0) - RtpPacket.sequence(a.out, 0)) & 0xFFFF;
        // A switch after a frame cut short skips one number, so the receiver drops the partial frame as lost.
        int expected = switched && !a.marker ? 2 : 1;
        assertEquals(expected, seqStep, "sequence step at recorded packet " + b.index + (switched ? " (switch)" : ""));
        long tsStep = (RtpPacket.timestamp(b.out, 0) - RtpPacket.timestamp(a.out, 0)) & 0xFFFF_FFFFL;
        assertTrue(tsStep < 0x8000_0000L, "timestamps never go back, at recorded packet " + b.index);
        assertTrue(!switched || tsStep > 0, "a new layer's first frame is later, at recorded packet " + b.index);
        int da = RtpPacket.headerLength(a.out, 0, a.out.length);
        int db = RtpPacket.headerLength(b.out, 0, b.out.length);
        if (Vp8Descriptor.hasPictureId(b.out, db) && Vp8Descriptor.hasPictureId(a.out, da)) {
            int step = (Vp8Descriptor.pictureId(b.out, db) - Vp8Descriptor.pictureId(a.out, da)) & 0x7FFF;
            assertEquals(tsStep == 0 ? 0 : 1, step, "PictureID +1 a frame, at recorded packet " + b.index);
        }
    }

    /**
     * The layers reached, a step on the way to a wish left out: a key frame of a layer nearer the wish may come first
     * in a round (SimulcastSelector takes it, then the wished layer's).
     */
    private static List<Integer> collapseSteps(List<Integer> layers) {
        List<Integer> reached = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            boolean onTheWay = i > 0 && i + 1 < layers.size()
                    && Integer.signum(layers.get(i) - layers.get(i - 1))
                    == Integer.signum(layers.get(i + 1) - layers.get(i));
            if (!onTheWay) {
                reached.add(layers.get(i));
            }
        }
        return reached;
    }

    /** Arrival times (us) of the recording's key frame rounds: when the last layer's key frame of a round began. */
    private List<Long> keyFrameRounds() {
        List<Long> rounds = new ArrayList<>();
        Map<Integer, Integer> layers = layersBySsrc();
        long[] lastKey = new long[HEIGHTS.length];
        java.util.Arrays.fill(lastKey, Long.MIN_VALUE / 2);
        for (ChromiumRecording.Packet p : recording.packets) {
            byte[] b = p.bytes();
            Integer layer = layers.get(RtpPacket.ssrc(b, 0));
            int d = RtpPacket.headerLength(b, 0, b.length);
            if (layer == null || RtpPacket.payloadType(b, 0) != vp8 || !Vp8Descriptor.isKeyFrame(b, d,
                    Vp8Descriptor.length(b, d, b.length - d))) {
                continue;
            }
            lastKey[layer] = p.arrivalMicros();
            long oldest = Math.min(lastKey[0], Math.min(lastKey[1], lastKey[2]));
            if (p.arrivalMicros() - oldest < 100_000 && (rounds.isEmpty()
                    || p.arrivalMicros() - rounds.get(rounds.size() - 1) > 100_000)) {
                rounds.add(p.arrivalMicros());
            }
        }
        return rounds;
    }

    /** Each recorded SSRC's layer, as the rid elements of its packets name it (RTX SSRCs are left out). */
    private Map<Integer, Integer> layersBySsrc() {
        Map<Integer, Integer> layers = new java.util.HashMap<>();
        for (ChromiumRecording.Packet p : recording.packets) {
            byte[] b = p.bytes();
            long e = RtpPacket.extensionElement(b, 0, b.length, recording.ridId());
            if (e >= 0) {
                layers.put(RtpPacket.ssrc(b, 0), recording.rids().indexOf(new String(b, (int) (e >>> 8),
                        (int) (e & 0xFF), java.nio.charset.StandardCharsets.US_ASCII)));
            }
        }
        return layers;
    }

    private List<byte[]> media() {
        return bob.rtp().stream().filter(p -> RtpPacket.ssrc(p, 0) == ANCHOR).toList();
    }
}
