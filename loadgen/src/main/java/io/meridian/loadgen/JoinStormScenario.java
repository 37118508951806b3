package io.meridian.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario (d): a join storm. One publisher joins a conference first; once its media flows, {@code --storm}
 * (default 50) receive-only participants join at the same instant (their HTTP joins, ICE checks and DTLS handshakes
 * all concurrent). Their join times (offer sent to first forwarded audio) are the figure that matters here.
 *
 * <p>{@link #WARMUP_STORMS} warm-up storms of the same size go first, each into a new conference of its own with a
 * publisher of its own, so they take the same path as the measured storm (a conference created, offers of a
 * publisher's tracks, forwarding to new receivers, the conference ended). Each warm-up conference empties before the
 * next one opens, and none of their figures count. The measured storm then meets a node whose join and leave paths have run a couple of
 * thousand times and been compiled, as on a node that has been serving for a while, rather than one that just
 * started and is still compiling them.
 */
final class JoinStormScenario implements Scenario {
    /**
     * Warm-up storms before the measured one (their waves are numbered below {@link Scenario#SEQUENTIAL}). Code run
     * once per join reaches the optimising compiler only after thousands of calls (C2 compiles a method after about
     * 5,000 calls), and code compiled while every storm went into one conference was thrown away (deoptimised) when the
     * measured storm created a new one. With 40 storms into one conference the compilers took 0.8 of the node's
     * 2.4 ms per join (per-thread CPU, `server CPU per storm join by thread`); with 200 storms into new conferences
     * the node's whole cost was 1.2 ms per join, the compilers 0.3 ms of it.
     */
    static final int WARMUP_STORMS = 200;

    @Override
    public String name() {
        return "storm";
    }

    @Override
    public String describe(BenchOptions options) {
        return options.storm() + " joins at once into a conference with one publisher";
    }

    @Override
    public List<Participant> participants(BenchOptions options) {
        List<Participant> out = new ArrayList<>();
        for (int round = 0; round < WARMUP_STORMS; round++) {
            String conference = "bench-storm-warmup-" + round;
            out.add(new Participant(conference, "w" + round + "-speaker", true, SEQUENTIAL, true));
            for (int i = 0; i < options.storm(); i++) {
                out.add(new Participant(conference, "w" + round + "-" + i, false, -2 - round, true));
            }
        }
        out.add(new Participant("bench-storm", "speaker", true));
        for (int i = 0; i < options.storm(); i++) {
            out.add(new Participant("bench-storm", "j" + i, false, 1));
        }
        return out;
    }
}
