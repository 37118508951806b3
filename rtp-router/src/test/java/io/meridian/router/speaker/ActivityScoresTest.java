package io.meridian.router.speaker;

import org.junit.jupiter.api.Test;

import static io.meridian.router.speaker.ActivityScores.MIN_SCORE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scores' values, worked by hand from ln C(N,k) + k ln p + (N-k) ln(1-p) - ln lambda + lambda k, p = 0.5. */
class ActivityScoresTest {
    @Test
    void scoresAsWorkedByHand() {
        // Medium, N2 = 5, lambda 24: k = 5 is 5 ln 0.5 - ln 24 + 120; k = 1 adds ln 5 to 24 - 5 ln 2 - ln 24.
        assertEquals(113.356, ActivityScores.score(5, 5, 24), 1e-3);
        assertEquals(18.965, ActivityScores.score(5, 1, 24), 1e-3);
        // Long, N3 = 10, lambda 47: k = 1 is ln 10 - 10 ln 2 - ln 47 + 47.
        assertEquals(38.521, ActivityScores.score(10, 1, 47), 1e-3);
        // Immediate, N1 = 13, lambda 0.78: k = 4 is ln 715 - 13 ln 2 - ln 0.78 + 3.12.
        assertEquals(0.930, ActivityScores.score(13, 4, 0.78), 1e-3);
        assertEquals(Math.log(0.930), ActivityScores.immediate(4), 1e-3);
    }

    @Test
    void noActivityOnAnyScaleScoresTheFloor() {
        assertEquals(Math.log(MIN_SCORE), ActivityScores.immediate(0));
        assertEquals(Math.log(MIN_SCORE), ActivityScores.medium(0));
        assertEquals(Math.log(MIN_SCORE), ActivityScores.longTerm(0));
        // On the immediate scale up to three steps (volume under 40) score no better than silence.
        assertEquals(Math.log(MIN_SCORE), ActivityScores.immediate(3));
    }

    /**
     * Surprises of these constants: the immediate score is not monotonic (it peaks at step 9 and step 12, the
     * loudest, scores below step 6), and the medium scale cannot favour a challenger by the threshold of 2 over a
     * dominant speaker with even one active frame in the newest 100 ms: ln(113.36 / 18.97) = 1.79.
     */
    @Test
    void shapesThatDecideWhoMayTakeOver() {
        for (int k = 1; k <= 13; k++) {
            assertTrue(ActivityScores.immediate(9) >= ActivityScores.immediate(k), "step " + k);
        }
        assertTrue(ActivityScores.immediate(12) < ActivityScores.immediate(6));
        assertTrue(ActivityScores.medium(5) - ActivityScores.medium(1) < SpeakerDetector.C2);
        assertTrue(ActivityScores.medium(1) - ActivityScores.medium(0) > SpeakerDetector.C2);
        for (int k = 1; k <= 10; k++) {
            assertTrue(ActivityScores.longTerm(k) > ActivityScores.longTerm(k - 1), "long grows with k");
        }
    }
}
