package io.meridian.loadgen;

/**
 * What a publishing participant sends, per 20 ms frame: one Opus-sized audio packet (50 packets/s, as Opus at 20 ms
 * frames) and video at {@code videoKbps} in packets of {@code videoPacketBytes} (RTP header included), plus a key
 * frame of {@code keyframePackets} packets every {@code keyframeIntervalMillis} and whenever the node asks (PLI/FIR).
 * {@link OutgoingMedia} says when each packet leaves.
 */
record MediaProfile(int audioPayloadBytes, int videoKbps, int videoPacketBytes, int keyframePackets,
                    long keyframeIntervalMillis) {
    static final long FRAME_MILLIS = 20;

    static MediaProfile defaults(int videoKbps) {
        return new MediaProfile(120, videoKbps, 1200, 12, 3000);
    }

    /** Video bytes per frame at the configured bitrate. */
    double videoBytesPerFrame() {
        return videoKbps * 1000.0 / 8 * FRAME_MILLIS / 1000.0;
    }
}
