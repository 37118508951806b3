package io.meridian.router.cc;

/** What the delay-based detector concludes about the path (draft-ietf-rmcat-gcc-02 §5.4). */
public enum BandwidthUsage {
    NORMAL,
    OVERUSE,
    UNDERUSE
}
