package io.meridian.rtp;

/**
 * Adds a header-extension element to an RTP packet that lacks it (RFC 8285): into the padding of its extension block
 * when there is room, else by growing the block by whole words, else by adding a block (one-byte form, §4.2, for ids
 * 1-14 and up to 16 bytes; two-byte form, §4.3, otherwise). The payload, and any RTP padding at its end, moves back
 * unchanged.
 */
public final class HeaderExtensionWriter {
    private HeaderExtensionWriter() {
    }

    /**
     * Adds element {@code id} with {@code size} zero bytes of data to the packet {@code b[off, off+len)}, which may
     * grow up to {@code capacity} bytes; returns its new length ({@code len} when the element is there already), or
     * -1 when the header is malformed, the element is there with another size, the existing block's form cannot hold
     * it, or there is no room. Find the data with {@link RtpPacket#extensionData}.
     */
    public static int add(byte[] b, int off, int len, int capacity, int id, int size) {
        if (id < 1 || id > 255 || size < 1 || size > 255 || RtpPacket.headerLength(b, off, len) < 0) {
            return -1;
        }
        int ext = off + RtpPacket.FIXED_HEADER + 4 * RtpPacket.csrcCount(b, off);
        if (!RtpPacket.hasExtension(b, off)) {
            boolean oneByte = id <= 14 && size <= 16;
            int words = (size + (oneByte ? 1 : 2) + 3) / 4;
            int grow = 4 + 4 * words;
            if (len + grow > capacity) {
                return -1;
            }
            System.arraycopy(b, ext, b, ext + grow, off + len - ext);
            java.util.Arrays.fill(b, ext, ext + grow, (byte) 0);
            Bytes.put16(b, ext, oneByte ? RtpPacket.ONE_BYTE_PROFILE : RtpPacket.TWO_BYTE_PROFILE);
            Bytes.put16(b, ext + 2, words);
            element(b, ext + 4, oneByte, id, size);
            b[off] |= 0x10;
            return len + grow;
        }
        int profile = Bytes.u16(b, ext);
        boolean oneByte = profile == RtpPacket.ONE_BYTE_PROFILE;
        if (!oneByte && (profile & RtpPacket.TWO_BYTE_PROFILE_MASK) != RtpPacket.TWO_BYTE_PROFILE
                || oneByte && (id > 14 || size > 16)) {
            return -1;
        }
        int end = ext + 4 + 4 * Bytes.u16(b, ext + 2);
        int used = usedEnd(b, ext + 4, end, oneByte, id);
        if (used == -2) {
            return RtpPacket.extensionData(b, off, len, id, size) >= 0 ? len : -1;
        }
        if (used < 0) {
            return -1;
        }
        int need = (oneByte ? 1 : 2) + size;
        int grow = Math.max(0, (need - (end - used) + 3) / 4 * 4);
        if (len + grow > capacity || Bytes.u16(b, ext + 2) + grow / 4 > 0xFFFF) {
            return -1;
        }
        if (grow > 0) {
            System.arraycopy(b, end, b, end + grow, off + len - end);
            java.util.Arrays.fill(b, end, end + grow, (byte) 0);
            Bytes.put16(b, ext + 2, Bytes.u16(b, ext + 2) + grow / 4);
        }
        element(b, used, oneByte, id, size);
        return len + grow;
    }

    /** Writes the element's header and zeroes its data at {@code p}. */
    private static void element(byte[] b, int p, boolean oneByte, int id, int size) {
        int data;
        if (oneByte) {
            b[p] = (byte) ((id << 4) | (size - 1));
            data = p + 1;
        } else {
            b[p] = (byte) id;
            b[p + 1] = (byte) size;
            data = p + 2;
        }
        java.util.Arrays.fill(b, data, data + size, (byte) 0);
    }

    /**
     * Where the block's last element ends (what follows is padding), -2 when element {@code id} is already there,
     * -1 when the block is malformed (§4.2: a one-byte id 15 stops processing, so nothing may follow it).
     */
    private static int usedEnd(byte[] b, int p, int end, boolean oneByte, int id) {
        int used = p;
        while (p < end) {
            int elementId = oneByte ? (b[p] >> 4) & 0xF : b[p] & 0xFF;
            if (elementId == 0) {
                p++;
                continue;
            }
            if (oneByte && elementId == 15 || !oneByte && p + 2 > end) {
                return -1;
            }
            int length = oneByte ? (b[p] & 0xF) + 1 : b[p + 1] & 0xFF;
            int next = p + (oneByte ? 1 : 2) + length;
            if (next > end) {
                return -1;
            }
            if (elementId == id) {
                return -2;
            }
            p = next;
            used = next;
        }
        return used;
    }
}
