package io.meridian.rtp.h264;

/**
 * The frame height an H.264 sequence parameter set (H.264 §7.3.2.1.1) gives, for choosing a receiver's simulcast
 * layer by height: read past the fields before {@code pic_height_in_map_units_minus1}, then the frame cropping,
 * with emulation prevention bytes (§7.4.1: 0x000003) skipped. Read only at key frames (a small reader each time).
 */
public final class SpsHeight {
    /** Profiles whose SPS carries chroma format, bit depths and scaling matrices (§7.3.2.1.1). */
    private static final int[] HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135};

    private SpsHeight() {
    }

    /**
     * The height in lines of the SPS NAL unit {@code b[off, off+len)} (its first byte the NAL header), or -1 when it
     * is not one or is cut short.
     */
    public static int of(byte[] b, int off, int len) {
        if (len < 4 || (b[off] & 0x1F) != H264Payload.SPS) {
            return -1;
        }
        Bits r = new Bits(b, off + 1, len - 1);
        int profile = r.u(8);
        r.u(16); // constraint flags, level_idc
        r.ue(); // seq_parameter_set_id
        int chroma = 1;
        for (int high : HIGH_PROFILES) {
            if (profile == high) {
                chroma = r.ue();
                if (chroma == 3) {
                    r.u(1); // separate_colour_plane_flag
                }
                r.ue(); // bit_depth_luma_minus8
                r.ue(); // bit_depth_chroma_minus8
                r.u(1); // qpprime_y_zero_transform_bypass_flag
                if (r.u(1) == 1) { // seq_scaling_matrix_present_flag
                    for (int i = 0; i < (chroma == 3 ? 12 : 8); i++) {
                        if (r.u(1) == 1) {
                            skipScalingList(r, i < 6 ? 16 : 64);
                        }
                    }
                }
                break;
            }
        }
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            r.u(1); // delta_pic_order_always_zero_flag
            r.ue(); // offset_for_non_ref_pic (se: same length)
            r.ue(); // offset_for_top_to_bottom_field
            int cycle = r.ue();
            for (int i = 0; i < cycle && !r.overrun; i++) {
                r.ue(); // offset_for_ref_frame[i]
            }
        }
        r.ue(); // max_num_ref_frames
        r.u(1); // gaps_in_frame_num_value_allowed_flag
        r.ue(); // pic_width_in_mbs_minus1
        int heightInMapUnits = r.ue() + 1;
        int frameMbsOnly = r.u(1);
        if (frameMbsOnly == 0) {
            r.u(1); // mb_adaptive_frame_field_flag
        }
        r.u(1); // direct_8x8_inference_flag
        int cropTop = 0;
        int cropBottom = 0;
        if (r.u(1) == 1) { // frame_cropping_flag
            r.ue();
            r.ue();
            cropTop = r.ue();
            cropBottom = r.ue();
        }
        if (r.overrun) {
            return -1;
        }
        // §7.4.2.1.1: CropUnitY is SubHeightC (2 for 4:2:0, else 1) times (2 - frame_mbs_only_flag); 1 for 4:0:0.
        int cropUnitY = (chroma == 1 ? 2 : 1) * (2 - frameMbsOnly);
        return (2 - frameMbsOnly) * heightInMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
    }

    /** scaling_list() of §7.3.2.1.1.1: deltas until one makes the next scale 0. */
    private static void skipScalingList(Bits r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size && !r.overrun; j++) {
            if (next != 0) {
                int delta = r.se();
                next = (last + delta + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    /** RBSP bits, emulation prevention bytes skipped (§7.4.1); past the end every read gives 0 and sets overrun. */
    private static final class Bits {
        private final byte[] b;
        private int at;
        private final int end;
        private int bit;
        private int zeros;
        boolean overrun;

        Bits(byte[] b, int off, int len) {
            this.b = b;
            this.at = off;
            this.end = off + len;
        }

        int u(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                v = v << 1 | bit();
            }
            return v;
        }

        /** ue(v), §9.1: leading zeros, a one, then as many bits. */
        int ue() {
            int zerosLeading = 0;
            while (bit() == 0 && !overrun) {
                if (++zerosLeading > 31) {
                    overrun = true;
                    return 0;
                }
            }
            return (int) ((1L << zerosLeading) - 1 + u(zerosLeading));
        }

        /** se(v), §9.1.1. */
        int se() {
            int k = ue();
            return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
        }

        private int bit() {
            if (bit == 0) {
                if (at < end && zeros >= 2 && b[at] == 3) { // emulation prevention byte
                    at++;
                    zeros = 0;
                }
                if (at >= end) {
                    overrun = true;
                    return 0;
                }
            }
            int v = (b[at] >> (7 - bit)) & 1;
            if (++bit == 8) {
                zeros = b[at] == 0 ? zeros + 1 : 0;
                bit = 0;
                at++;
            }
            return v;
        }
    }
}
