package io.meridian.placement;

import java.util.Optional;

/**
 * Decides where a conference lives. The first joiner's region wins (first writer wins, atomically); every later
 * join of the same conference is served by the pinned node whatever region it names.
 *
 * <p>The in-memory implementation serves a single node; a Redis-backed one (cluster) implements the same contract.
 */
public interface RegionPlacement {

    /**
     * Pins {@code conferenceId} to {@code region} on this node if it is not pinned yet, and returns the pin in force
     * (which may name another region when someone else pinned first).
     */
    ConferencePin pinIfAbsent(String conferenceId, String region);

    /** The pin in force, if any. */
    Optional<ConferencePin> pinOf(String conferenceId);

    /** Removes the pin when its conference ends on the hosting node. */
    void release(String conferenceId);
}
