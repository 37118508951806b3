package io.meridian.loadgen;

import io.meridian.client.PeerSdp;
import io.meridian.rtp.Bytes;

/**
 * One publisher's transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: one counter
 * over every packet it sends, audio and video), written as Chromium writes it: a one-byte header extension block
 * (RFC 8285 §4.2) with the element under {@link PeerSdp#TRANSPORT_CC_ID}. Pacer thread only.
 */
final class TransportSequence {
    /** The block: 0xBEDE, one word of length, then the 3-byte element and one byte of padding. */
    static final int BLOCK_LENGTH = 8;

    private int next;

    /** Writes the block with the next number at {@code at} (right after the fixed header); returns its end. */
    int write(byte[] b, int at) {
        Bytes.put16(b, at, 0xBEDE);
        Bytes.put16(b, at + 2, 1);
        b[at + 4] = (byte) ((PeerSdp.TRANSPORT_CC_ID << 4) | 1);
        Bytes.put16(b, at + 5, next);
        b[at + 7] = 0;
        next = (next + 1) & 0xFFFF;
        return at + BLOCK_LENGTH;
    }
}
