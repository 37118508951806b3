package io.meridian.loadgen;

import io.meridian.client.PeerSdp;
import io.meridian.rtp.Bytes;

/**
 * One publisher's transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: one counter
 * over every packet it sends, audio and video), written as Chromium writes it: a one-byte header element (RFC 8285
 * §4.2) under {@link PeerSdp#TRANSPORT_CC_ID}, in the block {@link PublishedStream} writes. Pacer thread only.
 */
final class TransportSequence {
    /** The element: one byte of id and length, two of sequence number. */
    static final int ELEMENT_LENGTH = 3;

    private int next;

    /** Writes the element with the next number at {@code at}; returns its end. */
    int write(byte[] b, int at) {
        b[at] = (byte) ((PeerSdp.TRANSPORT_CC_ID << 4) | 1);
        Bytes.put16(b, at + 1, next);
        next = (next + 1) & 0xFFFF;
        return at + ELEMENT_LENGTH;
    }
}
