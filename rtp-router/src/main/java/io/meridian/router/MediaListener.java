package io.meridian.router;

/**
 * What the media path tells the layer above it, instead of being polled (bandwidth estimates and the dominant
 * speaker join these as they arrive). Called on the conference's loop: an implementation must not block, and hands
 * anything slow to another thread.
 */
public interface MediaListener {
    MediaListener NONE = new MediaListener() {
    };

    /** The node asked {@code publisher} for a key frame of {@code ssrc} (a receiver needed one). */
    default void keyframeNeeded(Leg publisher, int ssrc) {
    }

    /** The first RTP packet went out to {@code receiver}, at monotonic time {@code nanos}. */
    default void firstPacketForwarded(Leg receiver, long nanos) {
    }

    /** The conference's dominant speaker changed to {@code speaker} (conference loop). */
    default void dominantSpeakerChanged(Leg speaker) {
    }

    /**
     * Receivers want only the lowest {@code layers} layers of {@code publisher}'s simulcast track {@code trackId}
     * (their rids, lowest first; empty for a track simulcast by SSRC group): the publisher may stop the others, and
     * should send these (see {@link LayerDemand}).
     */
    default void layersNeeded(Leg publisher, String trackId, java.util.List<String> rids, int layers) {
    }

    /** The node's send-side estimate of what {@code receiver}'s path takes now, bits per second. */
    default void bandwidthEstimated(Leg receiver, long bps) {
    }

    /**
     * {@code receiver} reported on the media the node sends it (RFC 3550 §6.4): the worst fraction lost and
     * jitter (ms) over its report blocks, and the round-trip time (ms, NaN when the report could not give one).
     */
    default void receptionReported(Leg receiver, double fractionLost, double jitterMillis, double roundTripMillis) {
    }
}
