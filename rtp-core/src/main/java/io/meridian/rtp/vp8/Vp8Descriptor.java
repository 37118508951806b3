package io.meridian.rtp.vp8;

import io.meridian.rtp.Bytes;

/**
 * The VP8 payload descriptor (RFC 7741 §4.2) at the start of an RTP payload, read and rewritten in place:
 * <pre>
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID | (REQUIRED)
 *      +-+-+-+-+-+-+-+-+
 * X:   |I|L|T|K| RSV   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PictureID   | (OPTIONAL; a second byte when M = 1: 15 bits)
 *      +-+-+-+-+-+-+-+-+
 * L:   |   TL0PICIDX   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * T/K: |TID|Y| KEYIDX  | (OPTIONAL: when T or K)
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 * Every method takes the payload's offset {@code off} (the first byte after the RTP header). {@link #length} checks a
 * payload once, as {@code RtpPacket.headerLength} does a header: the other methods read only the bytes it vouched
 * for, so callers validate first and never read past the payload.
 */
public final class Vp8Descriptor {
    /** The longest descriptor: required byte, X byte, 15-bit PictureID, TL0PICIDX, TID/Y/KEYIDX. */
    public static final int MAX_LENGTH = 6;

    private static final int X = 0x80;
    private static final int N = 0x20;
    private static final int S = 0x10;
    private static final int PID = 0x07;
    private static final int I = 0x80;
    private static final int L = 0x40;
    private static final int T = 0x20;
    private static final int K = 0x10;
    private static final int M = 0x80;
    private static final int Y = 0x20;

    private Vp8Descriptor() {
    }

    /**
     * The descriptor's length in bytes, or -1 when {@code b[off..off+len)} is not a VP8 payload: the descriptor does
     * not fit, or no payload byte follows it (RFC 7741 §4.1: the descriptor is followed by the VP8 payload, and
     * §4.3 puts the key-frame bit in its first byte).
     */
    public static int length(byte[] b, int off, int len) {
        if (len < 2) {
            return -1;
        }
        int n = 1;
        if ((b[off] & X) != 0) {
            int ext = b[off + 1];
            n = 2;
            if ((ext & I) != 0) {
                if (len <= n) {
                    return -1;
                }
                n += (b[off + n] & M) != 0 ? 2 : 1;
            }
            if ((ext & L) != 0) {
                n++;
            }
            if ((ext & (T | K)) != 0) {
                n++;
            }
        }
        return n < len ? n : -1;
    }

    /** X: the extension byte is present. */
    public static boolean hasExtension(byte[] b, int off) {
        return (b[off] & X) != 0;
    }

    /** N: the frame is not used as a reference; a forwarder may discard it. */
    public static boolean nonReference(byte[] b, int off) {
        return (b[off] & N) != 0;
    }

    /** S: the payload starts a VP8 partition. */
    public static boolean startOfPartition(byte[] b, int off) {
        return (b[off] & S) != 0;
    }

    /** PID: the index of the partition this payload belongs to (0..7). */
    public static int partitionIndex(byte[] b, int off) {
        return b[off] & PID;
    }

    /** S = 1 and PID = 0: the payload starts the first partition, i.e. a new frame (RFC 7741 §4.2). */
    public static boolean isStartOfFrame(byte[] b, int off) {
        return (b[off] & (S | PID)) == S;
    }

    /**
     * The payload starts a key frame: the start of a frame whose VP8 payload header (RFC 7741 §4.3, after the
     * descriptor of length {@code descriptorLength}) has P, the inverse key-frame flag, at 0. The payload header is
     * only there at the start of a frame, so a continuation packet of a key frame answers false.
     */
    public static boolean isKeyFrame(byte[] b, int off, int descriptorLength) {
        return isStartOfFrame(b, off) && (b[off + descriptorLength] & 0x01) == 0;
    }

    /**
     * The frame height of a key frame whose payload starts at {@code off} (the descriptor is
     * {@code descriptorLength} bytes), or -1 when it is not a key frame start or too short: the VP8 key frame header
     * (RFC 6386 §9.1) follows the 3-byte frame tag with the start code 9d 01 2a and then 14-bit width and height,
     * little-endian, each under 2 bits of scaling.
     */
    public static int keyFrameHeight(byte[] b, int off, int len, int descriptorLength) {
        int h = off + descriptorLength;
        if (!isKeyFrame(b, off, descriptorLength) || h + 10 > off + len || (b[h + 3] & 0xFF) != 0x9d
                || (b[h + 4] & 0xFF) != 0x01 || (b[h + 5] & 0xFF) != 0x2a) {
            return -1;
        }
        return ((b[h + 9] & 0x3F) << 8) | (b[h + 8] & 0xFF);
    }

    public static boolean hasPictureId(byte[] b, int off) {
        return extension(b, off, I);
    }

    /** M: the PictureID has 15 bits rather than 7. Only with {@link #hasPictureId}. */
    public static boolean pictureIdIs15Bit(byte[] b, int off) {
        return (b[off + 2] & M) != 0;
    }

    /** The PictureID, 7 or 15 bits without the M bit; -1 when there is none. */
    public static int pictureId(byte[] b, int off) {
        if (!hasPictureId(b, off)) {
            return -1;
        }
        return pictureIdIs15Bit(b, off) ? Bytes.u16(b, off + 2) & 0x7FFF : b[off + 2] & 0x7F;
    }

    /**
     * Writes {@code pictureId} in the width the field already has, since rewriting in place cannot grow or shrink
     * the payload: all 15 bits, or, in a 7-bit field, its low 7 bits ({@code pictureId} mod 2^7). A counter that
     * runs on by one per picture therefore stays continuous in a 7-bit field too, wrapping from 127 to 0 as a 7-bit
     * sender's would (RFC 7741 §4.2). Returns false, writing nothing, when the descriptor has no PictureID.
     */
    public static boolean setPictureId(byte[] b, int off, int pictureId) {
        if (!hasPictureId(b, off)) {
            return false;
        }
        if (pictureIdIs15Bit(b, off)) {
            Bytes.put16(b, off + 2, M << 8 | pictureId & 0x7FFF);
        } else {
            b[off + 2] = (byte) (pictureId & 0x7F);
        }
        return true;
    }

    public static boolean hasTl0PicIdx(byte[] b, int off) {
        return extension(b, off, L);
    }

    /** TL0PICIDX, the running index of the temporal base layer (TID 0) frames; -1 when there is none. */
    public static int tl0PicIdx(byte[] b, int off) {
        return hasTl0PicIdx(b, off) ? b[tl0PicIdxAt(b, off)] & 0xFF : -1;
    }

    /** Writes TL0PICIDX (mod 2^8); false, writing nothing, when the descriptor has none. */
    public static boolean setTl0PicIdx(byte[] b, int off, int tl0PicIdx) {
        if (!hasTl0PicIdx(b, off)) {
            return false;
        }
        b[tl0PicIdxAt(b, off)] = (byte) tl0PicIdx;
        return true;
    }

    /** T: TID and Y are present (K alone also brings their byte, but then they are to be ignored). */
    public static boolean hasTid(byte[] b, int off) {
        return extension(b, off, T);
    }

    /** TID, the temporal layer index (0..3); 0 when there is none: a stream without layers is all base layer. */
    public static int tid(byte[] b, int off) {
        return hasTid(b, off) ? (b[tidKeyIdxAt(b, off)] >> 6) & 0x03 : 0;
    }

    /** Y, layer sync: the frame depends only on base layer (TID 0) frames; false without TID. */
    public static boolean layerSync(byte[] b, int off) {
        return hasTid(b, off) && (b[tidKeyIdxAt(b, off)] & Y) != 0;
    }

    /** K: KEYIDX is present. */
    public static boolean hasKeyIdx(byte[] b, int off) {
        return extension(b, off, K);
    }

    /** KEYIDX, the 5-bit temporal key frame index; -1 when there is none. */
    public static int keyIdx(byte[] b, int off) {
        return hasKeyIdx(b, off) ? b[tidKeyIdxAt(b, off)] & 0x1F : -1;
    }

    /** Writes KEYIDX (mod 2^5), keeping TID and Y; false, writing nothing, when the descriptor has none. */
    public static boolean setKeyIdx(byte[] b, int off, int keyIdx) {
        if (!hasKeyIdx(b, off)) {
            return false;
        }
        int at = tidKeyIdxAt(b, off);
        b[at] = (byte) ((b[at] & 0xE0) | (keyIdx & 0x1F));
        return true;
    }

    private static boolean extension(byte[] b, int off, int bit) {
        return (b[off] & X) != 0 && (b[off + 1] & bit) != 0;
    }

    private static int tl0PicIdxAt(byte[] b, int off) {
        int at = off + 2;
        if ((b[off + 1] & I) != 0) {
            at += (b[at] & M) != 0 ? 2 : 1;
        }
        return at;
    }

    private static int tidKeyIdxAt(byte[] b, int off) {
        return tl0PicIdxAt(b, off) + ((b[off + 1] & L) != 0 ? 1 : 0);
    }
}
