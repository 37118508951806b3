package io.meridian.router;

/**
 * One receiver's view of a video track sent in layers, as the receiver's layer allocation chooses among them: a
 * simulcast track (its {@link SimulcastSelector}: one layer of several streams) or a scalable one (its
 * {@link SvcFilter}: spatial layers of one stream, each needing those below). Layers count from 0, the lowest.
 * Loop-confined to the conference's loop, except where an implementation says otherwise.
 */
public interface LayeredTrack {
    int NONE = -1;

    /** How many layers the track has (or has shown so far). */
    int layerCount();

    /** Whether the receiver's wishes allow {@code layer}. */
    boolean allows(int layer);

    /** Whether the publisher sent {@code layer} lately. */
    boolean active(int layer, long now);

    /** What sending the receiver {@code layer} costs, bits per second as last measured (0 before it was). */
    long bps(int layer);

    /** The layer the receiver gets now, {@link #NONE} when none. */
    int current();

    /** The layer the allocation last chose. */
    int target();

    /** Sets the highest layer the receiver's link has room for ({@link #NONE}: none). */
    void target(int layer);

    /** Asks the publisher for the key frame the receiver needs to begin {@code layer}, at most once a second. */
    void askKeyframe(RouterContext context, int layer, long now);
}
