package io.meridian.rtp;

/**
 * RTP header access over raw bytes (RFC 3550 §5.1): every method reads or writes fields in place at
 * {@code off}, so parsing a packet allocates nothing. Callers validate once with {@link #headerLength}.
 */
public final class RtpPacket {
    public static final int FIXED_HEADER = 12;
    /** RFC 8285 §4.2: "defined by profile" value of the one-byte header form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** RFC 8285 §4.3: the two-byte form's profile value, low 4 bits are app bits. */
    public static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private RtpPacket() {
    }

    public static int version(byte[] b, int off) {
        return (b[off] >> 6) & 0x3;
    }

    public static boolean hasExtension(byte[] b, int off) {
        return (b[off] & 0x10) != 0;
    }

    public static int csrcCount(byte[] b, int off) {
        return b[off] & 0x0F;
    }

    public static boolean marker(byte[] b, int off) {
        return (b[off + 1] & 0x80) != 0;
    }

    /** Sets or clears the marker bit (RFC 3550 §5.1; for video, the end of a frame or picture). */
    public static void setMarker(byte[] b, int off, boolean marker) {
        b[off + 1] = (byte) (marker ? b[off + 1] | 0x80 : b[off + 1] & 0x7F);
    }

    public static int payloadType(byte[] b, int off) {
        return b[off + 1] & 0x7F;
    }

    public static void setPayloadType(byte[] b, int off, int pt) {
        b[off + 1] = (byte) ((b[off + 1] & 0x80) | (pt & 0x7F));
    }

    public static int sequence(byte[] b, int off) {
        return Bytes.u16(b, off + 2);
    }

    public static void setSequence(byte[] b, int off, int seq) {
        Bytes.put16(b, off + 2, seq);
    }

    public static long timestamp(byte[] b, int off) {
        return Bytes.u32(b, off + 4);
    }

    public static int ssrc(byte[] b, int off) {
        return Bytes.i32(b, off + 8);
    }

    public static void setSsrc(byte[] b, int off, int ssrc) {
        Bytes.put32(b, off + 8, ssrc);
    }

    /**
     * Length of the whole header including CSRCs and the extension block, or -1 when the packet is not a valid
     * RTP version 2 packet of {@code len} bytes. It reads only the header, which SRTP leaves in the clear; whether
     * the padding fits is {@link #paddingFits}, for a decrypted packet.
     */
    public static int headerLength(byte[] b, int off, int len) {
        if (len < FIXED_HEADER || version(b, off) != 2) {
            return -1;
        }
        int h = FIXED_HEADER + 4 * csrcCount(b, off);
        if (hasExtension(b, off)) {
            if (len < h + 4) {
                return -1;
            }
            h += 4 + 4 * Bytes.u16(b, off + h + 2);
        }
        return h <= len ? h : -1;
    }

    /**
     * Whether the padding of a plain (decrypted) packet with a header of {@code headerLength} bytes lies after that
     * header: none without P; with P, the last octet counts at least itself and no more than follows the header
     * (RFC 3550 §5.1, A.1; libwebrtc refuses such packets too). Under SRTP that octet is encrypted.
     */
    public static boolean paddingFits(byte[] b, int off, int len, int headerLength) {
        if ((b[off] & 0x20) == 0) {
            return true;
        }
        int padding = b[off + len - 1] & 0xFF;
        return padding >= 1 && padding <= len - headerLength;
    }

    /**
     * Rewrites the header-extension element ids in place through {@code idMap} (publisher id -> receiver id), and
     * blanks elements whose mapped id is 0 into padding (RFC 8285 §4.2: id 0 is padding), so the packet keeps its
     * length. Returns false when the packet is shorter than its fixed header or the extension block is malformed
     * (the caller drops the packet).
     */
    public static boolean remapExtensions(byte[] b, int off, int len, byte[] idMap) {
        if (len < FIXED_HEADER) {
            return false;
        }
        if (!hasExtension(b, off)) {
            return true;
        }
        int ext = off + FIXED_HEADER + 4 * csrcCount(b, off);
        if (ext + 4 > off + len) {
            return false;
        }
        int profile = Bytes.u16(b, ext);
        int end = ext + 4 + 4 * Bytes.u16(b, ext + 2);
        if (end > off + len) {
            return false;
        }
        int p = ext + 4;
        if (profile == ONE_BYTE_PROFILE) {
            return remapOneByte(b, p, end, idMap);
        }
        if ((profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE) {
            return remapTwoByte(b, p, end, idMap);
        }
        return true;
    }

    /**
     * Finds the header-extension element {@code id} in the one-byte (RFC 8285 §4.2) or two-byte (§4.3) form and
     * returns the index in {@code b} of its data when that is {@code size} bytes long; -1 when the packet carries no
     * such element or its extension block does not fit in {@code len} bytes. Checks its own bounds, so it needs no
     * prior {@link #headerLength} check.
     */
    public static int extensionData(byte[] b, int off, int len, int id, int size) {
        long element = extensionElement(b, off, len, id);
        return element < 0 || (element & 0xFF) != size ? -1 : (int) (element >>> 8);
    }

    /**
     * Element {@code id} of the packet's header extension (RFC 8285, one- or two-byte form), whatever its length:
     * {@code dataOffset << 8 | length}, or -1 when the packet has none or its block is malformed.
     */
    public static long extensionElement(byte[] b, int off, int len, int id) {
        if (len < FIXED_HEADER || !hasExtension(b, off)) {
            return -1;
        }
        int ext = off + FIXED_HEADER + 4 * csrcCount(b, off);
        if (ext + 4 > off + len) {
            return -1;
        }
        int profile = Bytes.u16(b, ext);
        int end = ext + 4 + 4 * Bytes.u16(b, ext + 2);
        if (end > off + len) {
            return -1;
        }
        boolean oneByte = profile == ONE_BYTE_PROFILE;
        if (!oneByte && (profile & TWO_BYTE_PROFILE_MASK) != TWO_BYTE_PROFILE) {
            return -1;
        }
        for (int p = ext + 4; p < end; ) {
            int elementId = oneByte ? (b[p] >> 4) & 0xF : b[p] & 0xFF;
            if (elementId == 0) {
                p++; // padding, in either form
                continue;
            }
            if (oneByte && elementId == 15) {
                return -1; // RFC 8285 §4.2: reserved; processing stops here
            }
            if (!oneByte && p + 2 > end) {
                return -1;
            }
            int data = oneByte ? p + 1 : p + 2;
            int length = oneByte ? (b[p] & 0xF) + 1 : b[p + 1] & 0xFF;
            if (data + length > end) {
                return -1;
            }
            if (elementId == id) {
                return (long) data << 8 | length;
            }
            p = data + length;
        }
        return -1;
    }

    /** RFC 3550 §5.1: with P set, the last octet counts the padding octets at the end, itself included. */
    public static int paddingLength(byte[] b, int off, int len) {
        return len > FIXED_HEADER && (b[off] & 0x20) != 0 ? b[off + len - 1] & 0xFF : 0;
    }

    private static boolean remapOneByte(byte[] b, int p, int end, byte[] idMap) {
        while (p < end) {
            int id = (b[p] >> 4) & 0xF;
            if (id == 0) {
                p++;
                continue;
            }
            if (id == 15) {
                // RFC 8285 §4.2: id 15 is reserved; stop processing the block.
                return true;
            }
            int size = (b[p] & 0xF) + 1;
            if (p + 1 + size > end) {
                return false;
            }
            int mapped = idMap[id] & 0xFF;
            if (mapped == 0 || mapped > 14) {
                java.util.Arrays.fill(b, p, p + 1 + size, (byte) 0);
            } else {
                b[p] = (byte) ((mapped << 4) | (b[p] & 0xF));
            }
            p += 1 + size;
        }
        return true;
    }

    private static boolean remapTwoByte(byte[] b, int p, int end, byte[] idMap) {
        while (p < end) {
            int id = b[p] & 0xFF;
            if (id == 0) {
                p++;
                continue;
            }
            if (p + 2 > end) {
                return false;
            }
            int size = b[p + 1] & 0xFF;
            if (p + 2 + size > end) {
                return false;
            }
            int mapped = id < idMap.length ? idMap[id] & 0xFF : 0;
            if (mapped == 0) {
                java.util.Arrays.fill(b, p, p + 2 + size, (byte) 0);
            } else {
                b[p] = (byte) mapped;
            }
            p += 2 + size;
        }
        return true;
    }
}
