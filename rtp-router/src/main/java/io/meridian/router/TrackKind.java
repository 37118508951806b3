package io.meridian.router;

/** Media kind of a published track, with the RTP clock rate used for jitter (RFC 7587 Opus, RFC 7741 VP8). */
public enum TrackKind {
    AUDIO(48_000),
    VIDEO(90_000);

    private final int clockRate;

    TrackKind(int clockRate) {
        this.clockRate = clockRate;
    }

    public int clockRate() {
        return clockRate;
    }
}
