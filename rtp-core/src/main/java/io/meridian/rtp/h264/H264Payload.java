package io.meridian.rtp.h264;

/**
 * What the node needs of an H.264 RTP payload (RFC 6184) to switch a receiver between simulcast layers: whether a
 * packet begins a key frame, i.e. an IDR picture or the parameter sets libwebrtc sends right before one.
 */
public final class H264Payload {
    /** NAL unit types (H.264 §7.4.1.2, Table 7-1) and RTP packetization types (RFC 6184 §5.2). */
    static final int IDR = 5;
    static final int SPS = 7;
    static final int PPS = 8;
    static final int STAP_A = 24;
    static final int FU_A = 28;
    private static final int TYPE_MASK = 0x1F;
    /** RFC 6184 §5.8: the FU header's start bit. */
    private static final int FU_START = 0x80;

    private H264Payload() {
    }

    /**
     * Whether the payload {@code b[off, off+len)} begins a key frame: a single NAL unit that is an IDR slice or a
     * sequence parameter set, an STAP-A (RFC 6184 §5.7.1) holding either, or the first fragment of an FU-A
     * (§5.8) of an IDR slice. libwebrtc puts SPS and PPS in an STAP-A in front of every IDR picture.
     */
    public static boolean isKeyFrameStart(byte[] b, int off, int len) {
        if (len < 1) {
            return false;
        }
        int type = b[off] & TYPE_MASK;
        if (type == IDR || type == SPS) {
            return true;
        }
        if (type == FU_A) {
            return len >= 2 && (b[off + 1] & FU_START) != 0 && (b[off + 1] & TYPE_MASK) == IDR;
        }
        if (type == STAP_A) {
            // Each aggregated unit: a 16-bit size, then the NAL unit.
            for (int p = off + 1; p + 2 < off + len; ) {
                int size = (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF;
                if (size == 0 || p + 2 + size > off + len) {
                    return false;
                }
                int inner = b[p + 2] & TYPE_MASK;
                if (inner == IDR || inner == SPS) {
                    return true;
                }
                p += 2 + size;
            }
        }
        return false;
    }

    /**
     * The frame height the sequence parameter set at the start of a key frame gives (a single SPS NAL unit, or one in
     * an STAP-A), or -1 when the payload carries none.
     */
    public static int keyFrameHeight(byte[] b, int off, int len) {
        if (len < 1) {
            return -1;
        }
        int type = b[off] & TYPE_MASK;
        if (type == SPS) {
            return SpsHeight.of(b, off, len);
        }
        if (type == STAP_A) {
            for (int p = off + 1; p + 2 < off + len; ) {
                int size = (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF;
                if (size == 0 || p + 2 + size > off + len) {
                    return -1;
                }
                if ((b[p + 2] & TYPE_MASK) == SPS) {
                    return SpsHeight.of(b, p + 2, size);
                }
                p += 2 + size;
            }
        }
        return -1;
    }
}
