package io.meridian.router.speaker;

import static io.meridian.router.speaker.ActivityScores.N1;
import static io.meridian.router.speaker.ActivityScores.N2;
import static io.meridian.router.speaker.ActivityScores.N3;

/**
 * One speaker's last second of audio levels and its noise floor, and the counts the three time scales score.
 *
 * <p>Volumes are {@code 127 - level} of RFC 6464 (0 silence .. 127 loudest), as Jitsi and mediasoup feed them. They
 * are kept in 20 ms slots of the caller's clock rather than one entry per packet, so that the medium (100 ms) and
 * long (1 s) scales measure time whatever the packets do: a slot a packet missed by jitter, or by a ptime of 40 or
 * 60 ms, takes the previous level when that level is at most {@link #IDLE_NANOS} old at the slot's start; later slots
 * without a packet (DTX, mute, loss) are silence. That is Jitsi's LEVEL_IDLE_TIMEOUT of 40 ms, after which it injects
 * the minimum level, applied per slot. Two packets in one slot keep the louder level. Not thread-safe.
 */
final class LevelHistory {
    static final long SLOT_NANOS = 20_000_000L;
    /** One long block: N3 medium blocks of N2 slots, a second. */
    static final int SLOTS = N2 * N3;
    /** How long a level stands for the slots after it before silence is assumed (Jitsi: LEVEL_IDLE_TIMEOUT). */
    static final long IDLE_NANOS = 40_000_000L;
    /** Levels 0..127 quantised into N1 steps of 10: the immediate scale's stand-in for the paper's sub-bands. */
    static final int STEP = (127 + N1 - 1) / N1;
    /** A frame is active on the medium scale when its step exceeds this (volume 80 and up, about -47 dBov). */
    static final int MEDIUM_THRESHOLD = 7;
    /** A medium block is active on the long scale when more than this many of its N2 frames are: all five. */
    static final int LONG_THRESHOLD = 4;
    /** Levels watched before the noise floor may rise: 15 s of 20 ms packets (Jitsi: MIN_LEVEL_WINDOW_LENGTH). */
    static final int FLOOR_WINDOW = 750;

    final int id;
    private final byte[] volumes = new byte[SLOTS];
    /** Ring index of the newest slot, and that slot's number (clock / SLOT_NANOS). */
    private int head;
    private long slot;
    private boolean started;
    /** The newest slot holds a level that arrived, not one carried or assumed. */
    private boolean heard;
    private boolean arrived;
    private long lastArrival;
    private int lastVolume;
    /** Noise floor: the lowest non-zero volume, 0 while none is known; and the next window's lowest. */
    private int floor;
    private int nextFloor;
    private int nextFloorCount;
    /** The counts of the last {@link #evaluate}: immediate step, active frames of the newest medium block, active
     * medium blocks of the long block. */
    int immediate;
    int medium;
    int longCount;

    LevelHistory(int id) {
        this.id = id;
    }

    /** A packet's volume (0..127) arrived at {@code now}; one that arrives older than the last is dropped, as Jitsi
     * drops late levels. */
    void level(int volume, long now) {
        if (arrived && now < lastArrival) {
            return;
        }
        advance(now);
        if (!heard || volume > (volumes[head] & 0xFF)) {
            volumes[head] = (byte) volume;
        }
        heard = true;
        arrived = true;
        lastArrival = now;
        lastVolume = volume;
        updateFloor(volume);
    }

    /** Moves the newest slot up to {@code now}'s, filling the slots between (at most a second of them). */
    void advance(long now) {
        long s = Math.floorDiv(now, SLOT_NANOS);
        if (!started) {
            started = true;
            slot = s;
            return;
        }
        if (s <= slot) {
            return;
        }
        int n = (int) Math.min(s - slot, SLOTS);
        for (long k = s - n + 1; k <= s; k++) {
            head = head + 1 == SLOTS ? 0 : head + 1;
            boolean carry = arrived && k * SLOT_NANOS - lastArrival <= IDLE_NANOS;
            volumes[head] = (byte) (carry ? lastVolume : 0);
        }
        slot = s;
        heard = false;
    }

    /**
     * Counts for the scores, as of the newest slot. Each volume below the noise floor plus one step counts as silence,
     * which puts speakers with different background levels on the same footing (Jitsi's reading of the paper's
     * noise-relative sub-band activity); the rest are quantised into steps. Medium and long blocks are aligned to the
     * newest slot, as Jitsi and mediasoup align them.
     */
    void evaluate() {
        int threshold = floor + STEP;
        immediate = step(volumes[head] & 0xFF, threshold);
        medium = 0;
        longCount = 0;
        int i = head;
        for (int block = 0; block < N3; block++) {
            int active = 0;
            for (int f = 0; f < N2; f++) {
                if (step(volumes[i] & 0xFF, threshold) > MEDIUM_THRESHOLD) {
                    active++;
                }
                i = i == 0 ? SLOTS - 1 : i - 1;
            }
            if (block == 0) {
                medium = active;
            }
            if (active > LONG_THRESHOLD) {
                longCount++;
            }
        }
    }

    int floor() {
        return floor;
    }

    /** The volume of the slot {@code age} slots before the newest (0 the newest), for tests. */
    int volume(int age) {
        return volumes[Math.floorMod(head - age, SLOTS)] & 0xFF;
    }

    private static int step(int volume, int threshold) {
        return volume < threshold ? 0 : volume / STEP;
    }

    /**
     * The floor follows a falling background at once and a rising one slowly: after {@link #FLOOR_WINDOW} levels all
     * above it, it moves to the geometric mean of itself and their lowest (Jitsi's choice; slower than the arithmetic
     * mean, which suits tracking a minimum). Volume 0 (digital silence, or a muted source) says nothing about the
     * background and is skipped.
     */
    private void updateFloor(int volume) {
        if (volume == 0) {
            return;
        }
        if (floor == 0 || volume < floor) {
            floor = volume;
            nextFloor = 0;
            nextFloorCount = 0;
            return;
        }
        nextFloor = nextFloor == 0 ? volume : Math.min(nextFloor, volume);
        if (++nextFloorCount >= FLOOR_WINDOW) {
            floor = (int) Math.sqrt((double) floor * nextFloor);
            nextFloor = 0;
            nextFloorCount = 0;
        }
    }
}
