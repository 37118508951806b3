package io.meridian.router.retransmit;

/** 16-bit RTP sequence numbers extended past their wraps (RFC 3550 A.1), relative to one already extended. */
final class ExtendedSequence {
    private ExtendedSequence() {
    }

    /** {@code seq} as the extended number nearest {@code reference} (a wrap is 65,536 packets away). */
    static long nearest(int seq, long reference) {
        long candidate = (reference & ~0xFFFFL) | (seq & 0xFFFF);
        if (candidate > reference + 0x8000) {
            candidate -= 0x10000;
        } else if (candidate < reference - 0x8000) {
            candidate += 0x10000;
        }
        return candidate;
    }
}
