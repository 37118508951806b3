package io.meridian.router.speaker;

import java.util.Arrays;

/**
 * Dominant speaker identification after Volfin and Cohen, "Dominant speaker identification for multipoint
 * videoconferencing" (Computer Speech and Language 27 (2013) 895-910), as Jitsi's DominantSpeakerIdentification
 * reads it from RFC 6464 audio levels (and mediasoup's ActiveSpeakerObserver after it).
 *
 * <p>Local processing: every speaker's levels are kept per 20 ms slot of the caller's clock ({@link LevelHistory})
 * and, at each decision, counted on three time scales: the newest frame's level in 13 steps above the speaker's
 * noise floor (immediate), the active frames of the newest 100 ms (medium), the fully active 100 ms blocks of the
 * newest second (long). Each count gets a speech activity score ({@link ActivityScores}).
 *
 * <p>Global decision, every 300 ms: a challenger takes over from the dominant speaker when, on each scale, the log of
 * its score over the dominant's exceeds 3, 2 and 0; among several, the largest medium-scale ratio wins (ties: the
 * lower id). A dominant speaker with even one active frame in the newest 100 ms therefore cannot be interrupted (the
 * medium ratio is then at most ln(113.4 / 19.0) = 1.79), and a challenger must have had more fully active 100 ms
 * blocks over the last second than the dominant: that is what keeps a cough from taking the floor from someone
 * talking. It does not keep one from taking it from a dominant speaker silent for a second (long count zero): a
 * cough of 200 ms wins when a decision falls in its second half (12 of 30 phases in the tests).
 *
 * <p>Silence: unlike Jitsi, which nominates an arbitrary speaker while there is none, there is no dominant speaker
 * ({@link #NONE}) until someone speaks; challengers then compete against silence (every count zero). Once chosen, the
 * dominant speaker stays so through any silence, as in Jitsi without its optional silence timeout, until another
 * speaks or it is removed.
 *
 * <p>One thread: {@link #level} is O(1) (after a gap it fills at most a second of 20 ms slots) and allocates
 * nothing; {@link #add} alone allocates. Speaker ids are small non-negative ints chosen by the caller, up to
 * {@link #MAX_ID}.
 */
public final class SpeakerDetector {
    public static final int NONE = -1;
    public static final int MAX_ID = 0xFFFF;
    /** How often the global decision is made (Jitsi: DECISION_INTERVAL). */
    public static final long DECISION_NANOS = 300_000_000L;
    /** Thresholds of the relative speech activities on the immediate, medium and long scales. */
    static final double C1 = 3;
    static final double C2 = 2;
    static final double C3 = 0;

    private LevelHistory[] byId = new LevelHistory[8];
    private LevelHistory[] speakers = new LevelHistory[8];
    private int count;
    private int dominant = NONE;
    /** Whether {@link #nextDecision} holds a time; false before the first decision and after the dominant leaves. */
    private boolean scheduled;
    private long nextDecision;

    /** Starts following {@code speaker}; a speaker already followed keeps its history. */
    public void add(int speaker) {
        if (speaker < 0 || speaker > MAX_ID) {
            throw new IllegalArgumentException("speaker id " + speaker + " outside 0.." + MAX_ID);
        }
        if (speaker >= byId.length) {
            byId = Arrays.copyOf(byId, Math.min(MAX_ID + 1, Math.max(speaker + 1, 2 * byId.length)));
        }
        if (byId[speaker] != null) {
            return;
        }
        if (count == speakers.length) {
            speakers = Arrays.copyOf(speakers, 2 * count);
        }
        LevelHistory h = new LevelHistory(speaker);
        byId[speaker] = h;
        speakers[count++] = h;
    }

    /**
     * Stops following {@code speaker}. When it was dominant there is none until the next {@link #tick}, which decides
     * at once: whoever is speaking then takes over, against silence.
     */
    public void remove(int speaker) {
        LevelHistory h = find(speaker);
        if (h == null) {
            return;
        }
        byId[speaker] = null;
        for (int i = 0; i < count; i++) {
            if (speakers[i] == h) {
                speakers[i] = speakers[--count];
                speakers[count] = null;
                break;
            }
        }
        if (dominant == speaker) {
            dominant = NONE;
            scheduled = false;
        }
    }

    /**
     * One audio packet of {@code speaker} with RFC 6464 {@code level} (0 loudest .. 127 silence) at {@code nowNanos};
     * a negative level (the packet had no element) or an unknown speaker is ignored.
     */
    public void level(int speaker, int level, long nowNanos) {
        LevelHistory h = find(speaker);
        if (h != null && level >= 0) {
            h.level(127 - Math.min(level, 127), nowNanos);
        }
    }

    /**
     * Call about every 100 ms: decides when a decision is due (every {@link #DECISION_NANOS}, keeping that cadence
     * under the caller's jitter) and returns the dominant speaker, or {@link #NONE}.
     */
    public int tick(long nowNanos) {
        if (scheduled && nowNanos - nextDecision < 0) {
            return dominant;
        }
        // Keep the cadence when a tick comes a little late; start afresh after a long pause or none yet.
        boolean onTime = scheduled && nowNanos - nextDecision < DECISION_NANOS;
        nextDecision = (onTime ? nextDecision : nowNanos) + DECISION_NANOS;
        scheduled = true;
        decide(nowNanos);
        return dominant;
    }

    public int dominant() {
        return dominant;
    }

    private LevelHistory find(int speaker) {
        return speaker >= 0 && speaker < byId.length ? byId[speaker] : null;
    }

    private void decide(long now) {
        LevelHistory current = dominant == NONE ? null : byId[dominant];
        double d1 = ActivityScores.immediate(0);
        double d2 = ActivityScores.medium(0);
        double d3 = ActivityScores.longTerm(0);
        if (current != null) {
            current.advance(now);
            current.evaluate();
            d1 = ActivityScores.immediate(current.immediate);
            d2 = ActivityScores.medium(current.medium);
            d3 = ActivityScores.longTerm(current.longCount);
        }
        int winner = dominant;
        double best = C2;
        for (int i = 0; i < count; i++) {
            LevelHistory h = speakers[i];
            if (h == current) {
                continue;
            }
            h.advance(now);
            h.evaluate();
            double c1 = ActivityScores.immediate(h.immediate) - d1;
            double c2 = ActivityScores.medium(h.medium) - d2;
            double c3 = ActivityScores.longTerm(h.longCount) - d3;
            if (c1 > C1 && c2 > C2 && c3 > C3 && (c2 > best || c2 == best && h.id < winner)) {
                best = c2;
                winner = h.id;
            }
        }
        dominant = winner;
    }
}
