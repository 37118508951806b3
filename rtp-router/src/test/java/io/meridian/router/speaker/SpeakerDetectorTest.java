package io.meridian.router.speaker;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Set;

import static io.meridian.router.speaker.Conversation.background;
import static io.meridian.router.speaker.Conversation.during;
import static io.meridian.router.speaker.Conversation.speech;
import static io.meridian.router.speaker.Conversation.volume;
import static io.meridian.router.speaker.SpeakerDetector.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SpeakerDetector} over simulated conversations (20 ms packets, ticks every 100 ms, injected clock). Each
 * scenario runs over 20 deterministic speech traces. Measured once over 100 traces: a speaker talking among quiet
 * ones was chosen 0.3 to 1.2 s after starting (median 0.6 s); after a clean change of turn the new speaker had the
 * floor 0.5 to 1.7 s later (median 0.8 s), whether the old one went on sending background or nothing.
 */
class SpeakerDetectorTest {
    private static final int SEEDS = 20;
    private static final Conversation.Voice NOTHING = t -> -1;
    /** A cough: volumes 115..119 (-12..-8 dBov), louder than any speech here. */
    private static final Conversation.Voice COUGH = t -> volume(115 + t % 5);

    @Test
    void aLoudSpeakerAmongQuietOnesBecomesDominantWithinTwoSeconds() {
        for (int seed = 1; seed <= SEEDS; seed++) {
            // Sparse ids, as the caller may choose them.
            Conversation c = new Conversation()
                    .speaker(0, Conversation::background).speaker(3, Conversation::background)
                    .speaker(40, speech(seed)).speaker(12, Conversation::background).runUntil(6000);
            int chosen = c.firstTick(0, 40);
            assertTrue(chosen >= 0 && chosen <= 2000, "seed " + seed + ": chosen at " + chosen);
            assertEquals(Set.of(NONE), c.dominants(0, chosen), "seed " + seed + ": nobody before");
            assertEquals(Set.of(40), c.dominants(chosen, 6000), "seed " + seed + ": and no flapping after");
        }
    }

    @Test
    void theFloorChangesHandsWithinTwoSecondsOfAChangeOfTurn() {
        for (int seed = 1; seed <= SEEDS; seed++) {
            // Afterwards the first speaker's background goes on; in the second case it sends nothing at all (DTX,
            // mute), which the detector takes for silence.
            for (Conversation.Voice after : new Conversation.Voice[] {Conversation::background, NOTHING}) {
                Conversation c = new Conversation()
                        .speaker(1, during(0, 4000, speech(seed), after))
                        .speaker(2, during(4000, 9000, speech(seed + 100), Conversation::background))
                        .runUntil(9000);
                int first = c.firstTick(0, 1);
                int second = c.firstTick(4000, 2);
                assertTrue(second > 4000 && second <= 6000, "seed " + seed + ": turn taken at " + second);
                assertEquals(Set.of(1), c.dominants(first, 4000));
                assertEquals(Set.of(2), c.dominants(second, 9000));
            }
        }
    }

    @Test
    void coughsDoNotTakeTheFloorFromSomeoneTalking() {
        for (int seed = 1; seed <= SEEDS; seed++) {
            Conversation c = new Conversation().speaker(1, speech(seed));
            // Twelve coughers, 100 to 200 ms each, at phases that sweep the decision cadence and the speech's pauses.
            for (int k = 0; k < 12; k++) {
                int at = 2000 + k * 1370;
                c.speaker(2 + k, during(at, at + 100 + 10 * (k % 11), COUGH, Conversation::background));
            }
            c.runUntil(20_000);
            assertEquals(Set.of(1), c.dominants(c.firstTick(0, 1), 20_000), "seed " + seed);
        }
    }

    /**
     * Not a wish but what the algorithm does: once the dominant speaker has been quiet for a second its long-scale
     * count is zero, and a challenger needs one fully active 100 ms block, a loud newest frame and a loud newest
     * 100 ms at a decision. A cough of 200 ms meets that when a decision falls in its second half: over 30 phases,
     * 12 times (100 ms: 2; 300 ms: 22; 400 ms: always). Jitsi and mediasoup behave the same.
     */
    @Test
    void aCoughInALongSilenceMayTakeTheFloor() {
        int taken = 0;
        for (int phase = 0; phase < 300; phase += 10) {
            int at = 6000 + phase;
            Conversation c = new Conversation().speaker(1, during(0, 3000, speech(1), Conversation::background))
                    .speaker(2, during(at, at + 200, COUGH, Conversation::background)).runUntil(8000);
            taken += c.firstTick(0, 2) >= 0 ? 1 : 0;
        }
        assertEquals(12, taken);
    }

    @Test
    void aSilentConferenceHasNoDominantSpeaker() {
        // Background, digital silence (level 127) and no packets at all.
        Conversation c = new Conversation().speaker(1, Conversation::background).speaker(2, t -> 127)
                .speaker(3, NOTHING).runUntil(10_000);
        assertEquals(Set.of(NONE), c.dominants(0, 10_000));
    }

    @Test
    void theLastDominantSpeakerStaysThroughSilence() {
        Conversation c = new Conversation().speaker(1, during(0, 2000, speech(3), NOTHING))
                .speaker(2, Conversation::background).speaker(3, t -> 127).runUntil(15_000);
        assertEquals(Set.of(1), c.dominants(c.firstTick(0, 1), 15_000));
    }

    @Test
    void removingTheDominantSpeakerHandsTheFloorToWhoeverTalks() {
        for (int seed = 1; seed <= SEEDS; seed++) {
            // The first talks without a pause (after 200 ms of background, which sets its noise floor); the second
            // starts later and, talked over, does not get the floor.
            Conversation.Voice monologue = during(200, 9000, t -> volume(95 + t / 20 % 10), Conversation::background);
            Conversation c = new Conversation().speaker(1, monologue)
                    .speaker(2, during(3000, 9000, speech(seed), Conversation::background)).runUntil(5000);
            assertEquals(1, c.detector.dominant());
            c.remove(1);
            assertEquals(NONE, c.detector.dominant(), "cleared at once");
            c.runUntil(9000);
            int handed = c.firstTick(5000, 2);
            assertTrue(handed >= 5000 && handed <= 6000, "seed " + seed + ": handed over at " + handed);
            assertEquals(Set.of(2), c.dominants(handed, 9000));
        }
        // Nobody talking: nobody gets it.
        Conversation quiet = new Conversation().speaker(1, during(0, 3000, speech(1), Conversation::background))
                .speaker(2, Conversation::background).runUntil(5000);
        assertEquals(1, quiet.detector.dominant());
        quiet.remove(1);
        quiet.runUntil(8000);
        assertEquals(Set.of(NONE), quiet.dominants(5000, 8000));
    }

    @Test
    void aConstantNoiseIsNotChosenOverSpeech() {
        // A fan at volumes 98..100 (about -28 dBov), as loud as the speech; the adaptive noise floor makes it silence.
        Conversation.Voice fan = t -> volume(98 + t / 20 % 3);
        Conversation alone = new Conversation().speaker(5, fan).runUntil(10_000);
        assertEquals(Set.of(NONE), alone.dominants(0, 10_000));
        for (int seed = 1; seed <= SEEDS; seed++) {
            Conversation c = new Conversation().speaker(5, fan).speaker(6, speech(seed)).runUntil(10_000);
            int chosen = c.firstTick(0, 6);
            assertTrue(chosen >= 0 && chosen <= 2000, "seed " + seed + ": chosen at " + chosen);
            assertEquals(Set.of(NONE, 6), c.dominants(0, 10_000));
        }
    }

    @Test
    void idsAreCheckedAndUnknownSpeakersIgnored() {
        SpeakerDetector d = new SpeakerDetector();
        assertThrows(IllegalArgumentException.class, () -> d.add(-1));
        assertThrows(IllegalArgumentException.class, () -> d.add(SpeakerDetector.MAX_ID + 1));
        d.add(SpeakerDetector.MAX_ID);
        d.level(9, 0, 0);
        d.level(70_000, 0, 0);
        d.remove(9);
        assertEquals(NONE, d.tick(0));
    }

    @Test
    void levelsAndTicksAllocateNothing() {
        SpeakerDetector d = new SpeakerDetector();
        for (int id = 0; id < 10; id++) {
            d.add(id);
        }
        long now = Conversation.START_NANOS;
        run(d, now, 20_000); // warm up
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        run(d, now + 20_000 * Conversation.MS, 20_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, allocated + " bytes for 10 000 levels and 200 ticks");
    }

    private static void run(SpeakerDetector d, long start, int ms) {
        for (int t = 0; t < ms; t += 20) {
            long now = start + t * Conversation.MS;
            for (int id = 0; id < 10; id++) {
                d.level(id, (t / 20 + id) % 128, now);
            }
            if (t % 100 == 0) {
                d.tick(now);
            }
        }
    }
}
