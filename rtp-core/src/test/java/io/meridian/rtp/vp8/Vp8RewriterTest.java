package io.meridian.rtp.vp8;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Vp8RewriterTest {
    private static final int A = 1;
    private static final int B = 2;
    private static final int ALL_LAYERS = TemporalLayerFilter.MAX_TID;

    private final Vp8Rewriter rewriter = new Vp8Rewriter();
    /** What the receiver got, in order: {PictureID, TL0PICIDX, KEYIDX, start of frame 1/0}. */
    private final List<int[]> received = new ArrayList<>();

    /**
     * A payload with every field (RFC 7741 §4.2): X=1, S as {@code start}, PID 0; I L T K; M=1 and a 15-bit
     * PictureID; TL0PICIDX; TID, Y, KEYIDX; then one payload byte, P=0 for a key frame (§4.3).
     */
    private static byte[] packet(int pictureId, int tl0, int tid, boolean sync, int keyIdx, boolean start,
                                 boolean key) {
        return new byte[] {(byte) (start ? 0x90 : 0x80), (byte) 0xF0, (byte) (0x80 | pictureId >> 8),
                (byte) pictureId, (byte) tl0, (byte) (tid << 6 | (sync ? 0x20 : 0) | keyIdx), (byte) (key ? 0 : 1)};
    }

    /** Sends one packet; returns {PictureID, TL0PICIDX, KEYIDX} as the receiver gets them, or null if dropped. */
    private int[] send(int source, byte[] b, int target) {
        if (!rewriter.rewrite(source, b, 0, b.length, target)) {
            return null;
        }
        int[] out = {Vp8Descriptor.pictureId(b, 0), Vp8Descriptor.tl0PicIdx(b, 0), Vp8Descriptor.keyIdx(b, 0),
                Vp8Descriptor.isStartOfFrame(b, 0) ? 1 : 0};
        received.add(out);
        return out;
    }

    /** Sends a picture of two packets; returns what the receiver got of its first, or null if it was dropped. */
    private int[] picture(int source, int pictureId, int tl0, int tid, boolean sync, int keyIdx, boolean key,
                          int target) {
        int[] first = send(source, packet(pictureId, tl0, tid, sync, keyIdx, true, key), target);
        int[] second = send(source, packet(pictureId, tl0, tid, sync, keyIdx, false, key), target);
        assertEquals(first == null, second == null, "both packets of a picture share its fate");
        if (first != null) {
            assertArrayEquals(new int[] {first[0], first[1], first[2]}, new int[] {second[0], second[1], second[2]},
                    "both packets of picture " + pictureId + " carry the same numbers");
        }
        return first;
    }

    /** PictureID +1 per picture, the same within one; TL0PICIDX never steps back nor by more than one. */
    private void assertContinuous() {
        for (int i = 1; i < received.size(); i++) {
            int[] prev = received.get(i - 1);
            int[] cur = received.get(i);
            int step = cur[3] == 1 ? 1 : 0;
            assertEquals((prev[0] + step) & 0x7FFF, cur[0], "PictureID at packet " + i);
            int tl0Step = (cur[1] - prev[1]) & 0xFF;
            assertTrue(tl0Step <= 1, "TL0PICIDX at packet " + i + " steps by " + tl0Step);
        }
    }

    @Test
    void aSwitchToAnotherLayerAndBackKeepsEveryNumberContinuous() {
        for (int i = 0; i < 6; i++) {
            int[] out = picture(A, 100 + i, 7 + i, 0, false, 3, i == 0, ALL_LAYERS);
            assertArrayEquals(new int[] {100 + i, 7 + i, 3, 1}, out, "the first source is passed as it is");
        }
        // Layer B: a delta frame before its key frame would reference pictures the receiver never got.
        assertNull(picture(B, 8999, 199, 0, false, 17, false, ALL_LAYERS));
        for (int i = 0; i < 4; i++) {
            int[] out = picture(B, 9000 + i, 200 + i, 0, false, 17, i == 0, ALL_LAYERS);
            assertArrayEquals(new int[] {106 + i, 13 + i, 4, 1}, out, "B goes on from A's last, KEYIDX + 1");
        }
        // A packet of A still in flight after the switch is not B's and starts no key frame: dropped.
        assertNull(send(A, packet(105, 12, 0, false, 3, false, false), ALL_LAYERS));
        for (int i = 0; i < 3; i++) {
            int[] out = picture(A, 120 + i, 27 + i, 0, false, 4, i == 0, ALL_LAYERS);
            assertArrayEquals(new int[] {110 + i, 17 + i, 5, 1}, out, "back on A: on from B's last, KEYIDX + 1");
        }
        assertContinuous();
        assertEquals(13 * 2, received.size());
    }

    @Test
    void numbersWrapAtTwoToTheFifteenEightAndFive() {
        picture(A, 32_766, 254, 0, false, 31, true, ALL_LAYERS);
        picture(A, 32_767, 255, 0, false, 31, false, ALL_LAYERS);
        assertArrayEquals(new int[] {0, 0, 0, 1}, picture(B, 5, 9, 0, false, 2, true, ALL_LAYERS),
                "32767 + 1, 255 + 1 and 31 + 1 wrap to 0");
        assertArrayEquals(new int[] {1, 1, 0, 1}, picture(B, 6, 10, 0, false, 2, false, ALL_LAYERS));
        // A source wrapping on its own, 32767 -> 0, goes on by one for the receiver too.
        int c = 3;
        assertArrayEquals(new int[] {2, 2, 1, 1}, picture(c, 32_767, 40, 0, false, 7, true, ALL_LAYERS));
        assertArrayEquals(new int[] {3, 3, 1, 1}, picture(c, 0, 41, 0, false, 7, false, ALL_LAYERS));
        assertContinuous();
    }

    @Test
    void droppedTemporalLayersLeaveNoGapInPictureIds() {
        int[] tids = {0, 2, 1, 2, 0, 2, 1, 2, 0};
        int tl0 = 10;
        List<Integer> forwarded = new ArrayList<>();
        for (int i = 0; i < tids.length; i++) {
            tl0 += i > 0 && tids[i] == 0 ? 1 : 0;
            int[] out = picture(A, 50 + i, tl0, tids[i], false, 0, i == 0, 1);
            assertEquals(tids[i] <= 1, out != null, "picture " + i + " of TID " + tids[i] + " with target 1");
            if (out != null) {
                forwarded.add(out[0]);
                assertEquals(tl0, out[1], "TL0PICIDX is untouched: TID 0 pictures are never dropped");
            }
        }
        assertEquals(List.of(50, 51, 52, 53, 54), forwarded);

        // Up to target 2: a TID 2 picture without Y may reference TID 2 pictures the receiver never got.
        assertNull(picture(A, 59, tl0, 2, false, 0, false, 2));
        assertArrayEquals(new int[] {55, tl0, 0, 1}, picture(A, 60, tl0, 1, false, 0, false, 2));
        assertArrayEquals(new int[] {56, tl0, 0, 1}, picture(A, 61, tl0, 2, true, 0, false, 2), "Y: TID 2 joins");
        assertArrayEquals(new int[] {57, tl0 + 1, 0, 1}, picture(A, 62, tl0 + 1, 0, false, 0, false, 2));
        assertArrayEquals(new int[] {58, tl0 + 1, 0, 1}, picture(A, 63, tl0 + 1, 2, false, 0, false, 2));
        // Down to 0 at once.
        assertNull(picture(A, 64, tl0 + 1, 1, false, 0, false, 0));
        assertArrayEquals(new int[] {59, tl0 + 2, 0, 1}, picture(A, 65, tl0 + 2, 0, false, 0, false, 0));
        assertContinuous();
    }

    @Test
    void latePacketsKeepTheirPicturesNumberAcrossADrop() {
        picture(A, 10, 1, 0, false, 0, true, 1);
        assertNull(picture(A, 11, 1, 2, false, 0, false, 1));
        // 12 is late: 13 arrives first and takes the number after 10; 12 keeps the one it would have had.
        assertArrayEquals(new int[] {12, 1, 0, 1}, send(A, packet(13, 1, 1, false, 0, true, false), 1));
        assertArrayEquals(new int[] {11, 1, 0, 1}, send(A, packet(12, 1, 1, false, 0, true, false), 1));
        assertArrayEquals(new int[] {12, 1, 0, 0}, send(A, packet(13, 1, 1, false, 0, false, false), 1));
        // A late packet of the dropped picture stays dropped; one of picture 10 still gets 10.
        assertNull(send(A, packet(11, 1, 2, false, 0, false, false), 1));
        assertArrayEquals(new int[] {10, 1, 0, 0}, send(A, packet(10, 1, 0, false, 0, false, false), 1));
    }

    @Test
    void aRetransmissionGetsWhatTheFirstCopyGot() {
        picture(A, 200, 5, 0, false, 9, true, 1);
        picture(B, 400, 70, 0, false, 2, true, 1);
        assertNull(picture(B, 401, 70, 2, false, 2, false, 1));
        byte[] first = packet(402, 70, 1, false, 2, true, false);
        assertTrue(rewriter.rewrite(B, first, 0, first.length, 1));

        byte[] again = packet(402, 70, 1, false, 2, true, false);
        assertTrue(rewriter.rewriteAgain(B, again, 0, again.length));
        assertArrayEquals(first, again);
        assertEquals(202, Vp8Descriptor.pictureId(again, 0));

        byte[] dropped = packet(401, 70, 2, false, 2, true, false);
        assertFalse(rewriter.rewriteAgain(B, dropped, 0, dropped.length), "the receiver never had it");
        byte[] other = packet(200, 5, 0, false, 9, true, true);
        assertFalse(rewriter.rewriteAgain(A, other, 0, other.length), "A is no longer behind this stream");
        byte[] next = packet(403, 71, 0, false, 2, true, false);
        assertArrayEquals(new int[] {203, 7, 10, 1}, send(B, next, 1), "rewriteAgain moved nothing on");
    }

    @Test
    void aKeyFrameNumberedBehindEverythingStartsTheSourceOver() {
        picture(A, 500, 20, 0, false, 1, true, ALL_LAYERS);
        picture(A, 501, 21, 0, false, 1, false, ALL_LAYERS);
        // The publisher's encoder restarted: a new PictureID, TL0PICIDX and KEYIDX on the same stream.
        assertArrayEquals(new int[] {502, 22, 2, 1}, picture(A, 10, 0, 0, false, 0, true, ALL_LAYERS));
        assertArrayEquals(new int[] {503, 23, 2, 1}, picture(A, 11, 1, 0, false, 0, false, ALL_LAYERS));
        // A delta frame numbered behind is a late picture, not a restart: dropped, nothing moves.
        assertNull(picture(A, 2, 1, 0, false, 0, false, ALL_LAYERS));
        assertContinuous();
    }

    @Test
    void sevenBitPictureIdsStayContinuousInSevenBits() {
        byte[] key = {(byte) 0x90, (byte) 0x80, 126, 0x00};
        assertTrue(rewriter.rewrite(A, key, 0, key.length, ALL_LAYERS));
        byte[] p127 = {(byte) 0x90, (byte) 0x80, 127, 0x01};
        byte[] p0 = {(byte) 0x90, (byte) 0x80, 0, 0x01};
        assertTrue(rewriter.rewrite(A, p127, 0, p127.length, ALL_LAYERS));
        assertTrue(rewriter.rewrite(A, p0, 0, p0.length, ALL_LAYERS));
        assertEquals(0, Vp8Descriptor.pictureId(p0, 0), "the source's own 7-bit wrap passes through");
        // A 15-bit layer after a 7-bit one goes on by one from the receiver's last value.
        byte[] other = packet(5000, 1, 0, false, 0, true, true);
        assertTrue(rewriter.rewrite(B, other, 0, other.length, ALL_LAYERS));
        assertEquals(1, Vp8Descriptor.pictureId(other, 0));
    }

    @Test
    void streamsWithoutPictureIdAreFilteredPacketByPacket() {
        // X; T K only: TID then KEYIDX; no PictureID, no TL0PICIDX.
        byte[] key = {(byte) 0x90, 0x30, 0x03, 0x00};
        byte[] upper = {(byte) 0x90, 0x30, (byte) 0x83, 0x01};
        assertTrue(rewriter.rewrite(A, key, 0, key.length, 1));
        assertFalse(rewriter.rewrite(A, upper, 0, upper.length, 1), "TID 2 above target 1");
        byte[] otherKey = {(byte) 0x90, 0x30, 0x07, 0x00};
        assertTrue(rewriter.rewrite(B, otherKey, 0, otherKey.length, 1));
        assertEquals(4, Vp8Descriptor.keyIdx(otherKey, 0), "KEYIDX 3 + 1 at the switch");
    }

    @Test
    void nothingIsSentBeforeAKeyFrameOrOfAMalformedPayload() {
        assertNull(send(A, packet(1, 1, 0, false, 0, true, false), ALL_LAYERS), "no key frame yet");
        byte[] truncated = {(byte) 0x90, (byte) 0xF0, (byte) 0x80};
        assertFalse(rewriter.rewrite(A, truncated, 0, truncated.length, ALL_LAYERS));
        assertArrayEquals(new byte[] {(byte) 0x90, (byte) 0xF0, (byte) 0x80}, truncated, "left untouched");
        assertTrue(received.isEmpty());
    }
}
