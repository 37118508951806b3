package io.meridian.rtp.h264;

import io.meridian.rtp.testing.BitWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class H264PayloadTest {
    /** An SPS's RBSP bits; {@link #nal} inserts emulation prevention bytes as an encoder must (§7.4.1). */
    private static final class Sps {
        private final BitWriter bits = new BitWriter();

        Sps u(int value, int n) {
            bits.put(value, n);
            return this;
        }

        Sps ue(int value) {
            bits.ue(value);
            return this;
        }

        byte[] nal() {
            byte[] rbsp = bits.put(1, 1).bytes(); // rbsp_stop_one_bit, then zeros to the byte's end
            ByteArrayOutputStream nal = new ByteArrayOutputStream();
            nal.write(0x67); // nal_ref_idc 3, type 7
            int zeros = 0;
            for (byte x : rbsp) {
                if (zeros >= 2 && (x & 0xFF) <= 3) {
                    nal.write(3);
                    zeros = 0;
                }
                nal.write(x);
                zeros = x == 0 ? zeros + 1 : 0;
            }
            return nal.toByteArray();
        }
    }

    /** A constrained baseline SPS (profile 66) of {@code mbsHigh} macroblock rows, cropped by {@code cropBottom}. */
    static byte[] baseline(int mbsWide, int mbsHigh, int cropBottom) {
        Sps s = new Sps().u(66, 8).u(0xC0, 8).u(31, 8).ue(0).ue(0).ue(0).ue(4).ue(1).u(0, 1)
                .ue(mbsWide - 1).ue(mbsHigh - 1).u(1, 1).u(1, 1);
        if (cropBottom > 0) {
            s.u(1, 1).ue(0).ue(0).ue(0).ue(cropBottom);
        } else {
            s.u(0, 1);
        }
        return s.u(0, 1).nal(); // no VUI
    }

    @Test
    void theHeightOfEachOfChromiumsLayersComesFromItsSps() {
        byte[] low = baseline(20, 12, 6); // 192 lines less 2 x 6 of cropping
        byte[] mid = baseline(40, 23, 4);
        byte[] top = baseline(80, 45, 0);
        assertEquals(180, SpsHeight.of(low, 0, low.length));
        assertEquals(360, SpsHeight.of(mid, 0, mid.length));
        assertEquals(720, SpsHeight.of(top, 0, top.length));
    }

    @Test
    void aHighProfileSpsWithScalingListsAndCountedPictureOrderIsReadPast() {
        Sps s = new Sps().u(100, 8).u(0, 8).u(40, 8).ue(0).ue(1).ue(0).ue(0).u(0, 1).u(1, 1); // chroma 4:2:0
        for (int i = 0; i < 8; i++) {
            s.u(i == 1 ? 1 : 0, 1);
            if (i == 1) { // one list: deltas 1 then -9 (scale 9, then 0: the rest repeat)
                s.ue(1).ue(18);
            }
        }
        s.ue(0).ue(1).u(0, 1).ue(1).ue(2).ue(2).ue(4).ue(3); // poc type 1 with two reference offsets
        s.ue(3).u(0, 1).ue(119).ue(67).u(1, 1).u(1, 1).u(1, 1).ue(0).ue(0).ue(0).ue(4).u(0, 1);
        byte[] nal = s.nal();
        assertEquals(1080, SpsHeight.of(nal, 0, nal.length), "68 rows less 8 lines");
    }

    @Test
    void zeroBytesInTheSpsAreReadThroughTheirEmulationPrevention() {
        // Some width writes two zero bytes and then a byte under 4, which the encoder escapes with 0x03.
        for (int mbsWide = 1; mbsWide < 1 << 20; mbsWide++) {
            byte[] nal = baseline(mbsWide, 45, 0);
            for (int i = 2; i < nal.length; i++) {
                if (nal[i - 2] == 0 && nal[i - 1] == 0 && nal[i] == 3) {
                    assertEquals(720, SpsHeight.of(nal, 0, nal.length), mbsWide + " macroblocks wide");
                    return;
                }
            }
        }
        throw new AssertionError("no width gave an emulation prevention byte");
    }

    @Test
    void keyFramesAndTheirHeightAreFoundInSingleUnitsStapAAndFuA() {
        byte[] sps = baseline(80, 45, 0);
        byte[] stap = new byte[1 + 2 + sps.length + 2 + 4];
        stap[0] = 24;
        stap[2] = (byte) sps.length;
        System.arraycopy(sps, 0, stap, 3, sps.length);
        stap[3 + sps.length + 1] = 4;
        stap[3 + sps.length + 2] = 0x68; // PPS
        assertTrue(H264Payload.isKeyFrameStart(stap, 0, stap.length));
        assertEquals(720, H264Payload.keyFrameHeight(stap, 0, stap.length));
        assertEquals(720, H264Payload.keyFrameHeight(sps, 0, sps.length));
        assertTrue(H264Payload.isKeyFrameStart(new byte[] {0x65, 0}, 0, 2), "an IDR slice");
        assertTrue(H264Payload.isKeyFrameStart(new byte[] {0x7C, (byte) 0x85, 0}, 0, 3), "FU-A start of an IDR");
        assertFalse(H264Payload.isKeyFrameStart(new byte[] {0x7C, 0x05, 0}, 0, 3), "FU-A continuation");
        assertFalse(H264Payload.isKeyFrameStart(new byte[] {0x41, 0}, 0, 2), "a non-IDR slice");
        assertEquals(-1, H264Payload.keyFrameHeight(new byte[] {0x65, 0}, 0, 2), "no SPS, no height");
        for (int len = 1; len < sps.length - 1; len++) {
            assertEquals(-1, SpsHeight.of(sps, 0, len), "cut to " + len);
        }
    }
}
