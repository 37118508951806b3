package io.meridian.rtp.vp8;

/**
 * Which temporal layers of one stream a receiver gets (RFC 7741 §4.2: TID, the temporal layer index, and Y, layer
 * sync). The receiver asks for a target layer; frames above it are dropped, frames at or below it are forwarded. A
 * lower target applies at once, since a frame never references a higher layer. A higher target waits for a frame of
 * the new layer with Y set (or a key frame): a frame of that layer without Y may reference earlier frames of it that
 * the receiver never got, and libwebrtc holds such a frame back until they come (mediasoup gates the same way).
 * State for one receiver stream; allocates nothing.
 */
public final class TemporalLayerFilter {
    /** The highest TID the descriptor can carry (2 bits). */
    public static final int MAX_TID = 3;

    /** The highest layer the receiver is decoding now. */
    private int current = MAX_TID;

    /** Whether a frame of layer {@code tid} is within a receiver's {@code target} layer: {@code tid <= target}. */
    public static boolean within(int tid, int target) {
        return tid <= target;
    }

    /**
     * Decides for the first packet of a frame of layer {@code tid} (its other packets share the decision): true to
     * forward it. {@code layerSync} is the descriptor's Y; {@code keyFrame} starts the stream over, so every layer
     * up to the target may follow it.
     */
    public boolean accept(int tid, boolean layerSync, boolean keyFrame, int target) {
        if (keyFrame) {
            current = target;
        } else if (current > target) {
            current = target;
        }
        if (within(tid, current)) {
            return true;
        }
        if (within(tid, target) && layerSync) {
            current = tid;
            return true;
        }
        return false;
    }

    /** The highest layer the receiver is decoding now (at most the last target). */
    public int current() {
        return current;
    }

    /** A new source begins: its key frame opens every layer up to the target. */
    public void reset() {
        current = MAX_TID;
    }
}
