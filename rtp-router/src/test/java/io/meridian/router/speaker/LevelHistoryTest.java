package io.meridian.router.speaker;

import org.junit.jupiter.api.Test;

import static io.meridian.router.speaker.LevelHistory.SLOTS;
import static io.meridian.router.speaker.LevelHistory.SLOT_NANOS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One speaker's slots on the injected clock, its counts on the three scales, and its noise floor. */
class LevelHistoryTest {
    private static final long MS = 1_000_000L;
    /** The start of a slot, far from zero. */
    private static final long T0 = 123_456_789L * SLOT_NANOS;

    private final LevelHistory h = new LevelHistory(1);

    private int[] newest(int n) {
        int[] out = new int[n];
        for (int age = 0; age < n; age++) {
            out[age] = h.volume(age);
        }
        return out;
    }

    @Test
    void aSlotAPacketMissedTakesTheLevelBeforeItAndLaterOnesAreSilence() {
        h.level(100, T0 + 19 * MS); // slot 0, late in it
        h.level(90, T0 + 41 * MS); // slot 2: slot 1 starts 1 ms after the first packet, so it carries 100
        h.advance(T0 + 200 * MS); // slot 10: slots 3 and 4 start 19 and 39 ms after the last packet, slot 5 59 ms
        assertEquals("[0, 0, 0, 0, 0, 0, 90, 90, 90, 100, 100]", java.util.Arrays.toString(newest(11)));
    }

    @Test
    void packetsOf60MsCoverEverySlot() {
        for (int t = 0; t < 600; t += 60) {
            h.level(80 + t / 60, T0 + t * MS + 5 * MS);
        }
        h.advance(T0 + 599 * MS); // slot 29: the last packet came at 545 ms, in slot 27
        assertEquals("[89, 89, 89, 88, 88, 88, 87]", java.util.Arrays.toString(newest(7)));
    }

    @Test
    void twoPacketsInASlotKeepTheLouderButAQuieterOneReplacesACarriedLevel() {
        h.level(100, T0);
        h.advance(T0 + 20 * MS); // carried into the next slot
        assertEquals(100, h.volume(0));
        h.level(50, T0 + 22 * MS);
        assertEquals(50, h.volume(0));
        h.level(70, T0 + 30 * MS);
        h.level(60, T0 + 35 * MS);
        assertEquals(70, h.volume(0));
        h.level(127, T0 + 25 * MS); // older than the last: dropped
        assertEquals(70, h.volume(0));
    }

    @Test
    void aSilenceLongerThanTheHistoryLeavesNothingOfIt() {
        for (int t = 0; t < 1000; t += 20) {
            h.level(100, T0 + t * MS);
        }
        h.advance(T0 + 60_000 * MS);
        h.evaluate();
        assertEquals(0, h.immediate + h.medium + h.longCount);
        for (int age = 0; age < SLOTS; age++) {
            assertEquals(0, h.volume(age));
        }
    }

    @Test
    void countsTheThreeScalesAboveTheNoiseFloor() {
        h.level(30, T0); // the background: floor 30, so volumes under 40 are silence
        long t = T0;
        for (int i = 1; i <= 7; i++) {
            h.level(100, t += SLOT_NANOS);
        }
        h.evaluate();
        // The newest slot in 13 steps of 10; five of the newest five frames active; one fully active block.
        assertEquals(10, h.immediate);
        assertEquals(5, h.medium);
        assertEquals(1, h.longCount);
        h.level(39, t += SLOT_NANOS); // under floor + one step: silence
        h.evaluate();
        assertEquals(0, h.immediate);
        assertEquals(4, h.medium);
        assertEquals(0, h.longCount, "blocks are aligned to the newest slot: now none is full");
        h.level(79, t += SLOT_NANOS); // step 7: not above the medium threshold
        h.level(79, t += SLOT_NANOS);
        h.evaluate();
        assertEquals(7, h.immediate);
        assertEquals(2, h.medium);
        assertEquals(1, h.longCount, "slots 5 to 9 back: five of the loud ones");
    }

    /**
     * The floor drops to a quieter background at once but rises only by geometric means, one per 15 s of levels: a
     * fan at volume 95 that starts in a room at 30 counts as speech (step 9) for a minute, through floors 53, 70, 81,
     * and is silence once the floor reaches 87.
     */
    @Test
    void theNoiseFloorFollowsANewBackgroundUpSlowlyAndDownAtOnce() {
        long t = T0;
        h.level(30, t);
        int[] floors = new int[4];
        for (int i = 1; i <= 4 * LevelHistory.FLOOR_WINDOW; i++) {
            h.level(95, t += SLOT_NANOS);
            h.evaluate();
            if (i % LevelHistory.FLOOR_WINDOW == 0) {
                floors[i / LevelHistory.FLOOR_WINDOW - 1] = h.floor();
            }
            assertEquals(i < 4 * LevelHistory.FLOOR_WINDOW ? 9 : 0, h.immediate, "after " + i + " levels");
        }
        assertEquals("[53, 70, 81, 87]", java.util.Arrays.toString(floors));
        h.level(0, t += SLOT_NANOS); // digital silence says nothing of the background
        assertEquals(87, h.floor());
        h.level(40, t + SLOT_NANOS);
        assertEquals(40, h.floor());
    }
}
