package io.meridian.loadgen;

import io.meridian.client.PeerIdentity;
import io.meridian.client.PeerSdp;
import io.meridian.rtp.RtpPacket;
import io.meridian.rtp.TransportSequenceNumber;
import io.meridian.rtp.vp8.Vp8Descriptor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a simulcast publisher sends on a simulated 1 ms pacer clock: three SSRCs whose packets carry what the node needs
 * to bind and switch them (mid and rid, a full VP8 descriptor, key frames whose header says the layer's height).
 */
class SimulcastMediaTest {
    private static final MediaProfile MEDIA = MediaProfile.defaults(500);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void threeLayersWithTheirRidsHeightsAndBitrates() {
        PeerIdentity id = PeerIdentity.random("s");
        OutgoingMedia media = new OutgoingMedia(1, id, true, true);
        List<byte[]> sent = run(media, 3000);
        Map<Long, List<byte[]>> bySsrc = new TreeMap<>();
        for (byte[] p : sent) {
            if (RtpPacket.payloadType(p, 0) == PeerSdp.VP8_PT) {
                bySsrc.computeIfAbsent(RtpPacket.ssrc(p, 0) & 0xFFFF_FFFFL, k -> new ArrayList<>()).add(p);
            }
        }
        assertEquals(3, bySsrc.size(), "one SSRC per layer");
        long[] bytes = new long[3];
        for (List<byte[]> layer : bySsrc.values()) {
            int index = layerOf(layer.get(0));
            for (int i = 0; i < layer.size(); i++) {
                byte[] p = layer.get(i);
                assertEquals(i < SimulcastProfile.SDES_PACKETS, rid(p) != null, "mid and rid on the first packets");
                if (rid(p) != null) {
                    assertEquals(SimulcastProfile.RIDS.get(index), rid(p));
                    assertEquals(PeerSdp.VIDEO_MID, element(p, PeerSdp.MID_ID));
                }
                bytes[index] += p.length;
            }
            assertFrames(layer, SimulcastProfile.HEIGHTS[index]);
        }
        assertTrue(bytes[0] * 1.5 < bytes[1] && bytes[1] * 1.5 < bytes[2], java.util.Arrays.toString(bytes));
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(i, TransportSequenceNumber.read(sent.get(i), 0, sent.get(i).length, PeerSdp.TRANSPORT_CC_ID),
                    "one transport-wide counter over audio and every layer");
        }
    }

    @Test
    void aKeyFrameRequestStartsAKeyFrameInEveryLayer() {
        OutgoingMedia media = new OutgoingMedia(1, PeerIdentity.random("s"), false, true);
        Recorder r = new Recorder();
        tick(media, r, 0, 500);
        long before = keyFrameStarts(r.sent);
        assertEquals(3, before, "the first frame of each layer");
        r.keyframeRequested = true;
        tick(media, r, 500, 1000);
        assertEquals(6, keyFrameStarts(r.sent));
    }

    /** Frames: PictureID one more each frame, the start bit on the first packet only, the marker on the last. */
    private static void assertFrames(List<byte[]> layer, int height) {
        int keys = 0;
        for (int i = 0; i < layer.size(); i++) {
            byte[] p = layer.get(i);
            int d = RtpPacket.headerLength(p, 0, p.length);
            int length = Vp8Descriptor.length(p, d, p.length - d);
            assertEquals(6, length, "X with PictureID, TL0PICIDX, TID and KEYIDX");
            boolean start = Vp8Descriptor.isStartOfFrame(p, d);
            boolean previousMarked = i == 0 || (layer.get(i - 1)[1] & 0x80) != 0;
            assertEquals(previousMarked, start, "a frame starts after the last one's marker, packet " + i);
            if (i > 0) {
                byte[] q = layer.get(i - 1);
                int dq = RtpPacket.headerLength(q, 0, q.length);
                assertEquals((Vp8Descriptor.pictureId(q, dq) + (start ? 1 : 0)) & 0x7FFF, Vp8Descriptor.pictureId(p, d));
            }
            if (start && Vp8Descriptor.isKeyFrame(p, d, length)) {
                keys++;
                assertEquals(height, Vp8Descriptor.keyFrameHeight(p, d, p.length - d, length));
            }
        }
        assertEquals(1, keys, "one key frame (the first) in three seconds");
    }

    private static long keyFrameStarts(List<byte[]> sent) {
        return sent.stream().filter(p -> RtpPacket.payloadType(p, 0) == PeerSdp.VP8_PT).filter(p -> {
            int d = RtpPacket.headerLength(p, 0, p.length);
            return Vp8Descriptor.isStartOfFrame(p, d) && Vp8Descriptor.isKeyFrame(p, d, 6);
        }).count();
    }

    private static int layerOf(byte[] p) {
        return PublishedStream.layerOf(MediaStamp.streamId(p, p.length));
    }

    private static String rid(byte[] p) {
        return element(p, PeerSdp.RID_ID);
    }

    private static String element(byte[] p, int id) {
        long e = RtpPacket.extensionElement(p, 0, p.length, id);
        return e < 0 ? null : new String(p, (int) (e >>> 8), (int) (e & 0xFF), StandardCharsets.US_ASCII);
    }

    private static List<byte[]> run(OutgoingMedia media, int millis) {
        media.keyframeNow();
        Recorder r = new Recorder();
        tick(media, r, 0, millis);
        return r.sent;
    }

    private static void tick(OutgoingMedia media, Recorder r, int fromMillis, int toMillis) {
        for (long now = 1_000 * MS + fromMillis * MS; now < 1_000 * MS + toMillis * MS; now += MS) {
            media.tick(r, MEDIA, now);
        }
    }

    private static final class Recorder extends KeyframeRequestingSender {
        final List<byte[]> sent = new ArrayList<>();

        @Override
        public boolean sendRtp(byte[] plain, int len) {
            sent.add(java.util.Arrays.copyOf(plain, len));
            return true;
        }
    }
}
