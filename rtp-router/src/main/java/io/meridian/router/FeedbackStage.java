package io.meridian.router;

/**
 * Sees each RTCP packet of a compound packet a leg sent (RFC 3550 §6.1), already decrypted and length-checked. The
 * leg's feedback stages are asked in order until one consumes the packet; what nobody consumes stops at the node
 * (RFC 7667 §3.7: the node terminates RTCP).
 */
@FunctionalInterface
public interface FeedbackStage {
    /** Returns true when this stage consumed the packet of {@code len} bytes at {@code off}. */
    boolean onRtcp(Leg from, byte[] a, int off, int len);
}
