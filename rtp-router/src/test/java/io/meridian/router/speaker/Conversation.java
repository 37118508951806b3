package io.meridian.router.speaker;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A simulated conference for {@link SpeakerDetector} on an injected clock: every speaker sends a 20 ms packet with its
 * RFC 6464 level (each at its own phase, 3 ms per id), and the detector is ticked every 100 ms, as the event loop
 * would. Time is in ms from the start; the clock itself starts far from zero. Deterministic, no wall clock.
 */
final class Conversation {
    /** A speaker's RFC 6464 level at {@code t} ms (0 loudest .. 127 silence), or -1 when it sends no packet then. */
    interface Voice {
        int at(int t);
    }

    static final long START_NANOS = 4_321_987_654_321L;
    static final long MS = 1_000_000L;

    final SpeakerDetector detector = new SpeakerDetector();
    private final Map<Integer, Voice> voices = new TreeMap<>();
    /** The dominant speaker returned by each tick, by tick time in ms. */
    private final Map<Integer, Integer> ticks = new TreeMap<>();
    private int t;

    static int volume(int volume) {
        return 127 - volume;
    }

    /**
     * Speech, deterministic from {@code seed} and not periodic (a period that divides the 300 ms decision interval
     * would put every decision in the same phase): syllables of 120..400 ms at volumes 85..105 (-42..-22 dBov), each
     * followed by a 40..100 ms gap, one gap in ten a 200..380 ms pause, at the speaker's background.
     */
    static Voice speech(long seed) {
        Random r = new Random(seed);
        int[] slots = new int[60_000 / 20];
        for (int i = 0; i < slots.length; ) {
            for (int n = 6 + r.nextInt(15); n > 0 && i < slots.length; n--) {
                slots[i++] = 85 + r.nextInt(21);
            }
            for (int n = r.nextInt(10) == 0 ? 10 + r.nextInt(10) : 2 + r.nextInt(4); n > 0 && i < slots.length; n--) {
                slots[i++] = 32 + r.nextInt(5);
            }
        }
        return t -> volume(slots[t / 20 % slots.length]);
    }

    /** A quiet room's background, volumes 32..36 (about -93 dBov). */
    static int background(int t) {
        return volume(32 + (t / 20) % 5);
    }

    /** {@code voice} inside [from, to) ms, {@code otherwise} outside. */
    static Voice during(int from, int to, Voice voice, Voice otherwise) {
        return t -> t >= from && t < to ? voice.at(t) : otherwise.at(t);
    }

    Conversation speaker(int id, Voice voice) {
        detector.add(id);
        voices.put(id, voice);
        return this;
    }

    void remove(int id) {
        detector.remove(id);
        voices.remove(id);
    }

    long nanos(int ms) {
        return START_NANOS + ms * MS;
    }

    Conversation runUntil(int until) {
        for (; t < until; t++) {
            for (Map.Entry<Integer, Voice> e : voices.entrySet()) {
                int level = e.getValue().at(t);
                if ((t + 3 * e.getKey()) % 20 == 0 && level >= 0) {
                    detector.level(e.getKey(), level, nanos(t));
                }
            }
            if (t % 100 == 7) {
                ticks.put(t, detector.tick(nanos(t)));
            }
        }
        return this;
    }

    /** The time of the first tick at or after {@code from} that returned {@code id}, or -1. */
    int firstTick(int from, int id) {
        for (Map.Entry<Integer, Integer> e : ticks.entrySet()) {
            if (e.getKey() >= from && e.getValue() == id) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** The speakers the ticks in [from, to) returned, in order of first appearance. */
    Set<Integer> dominants(int from, int to) {
        Set<Integer> out = new LinkedHashSet<>();
        ticks.forEach((at, id) -> {
            if (at >= from && at < to) {
                out.add(id);
            }
        });
        return out;
    }
}
