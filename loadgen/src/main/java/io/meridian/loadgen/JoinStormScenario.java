package io.meridian.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario (d): a join storm. One publisher joins a conference first; once its media flows, {@code --storm}
 * (default 50) receive-only participants join at the same instant (their HTTP joins, ICE checks and DTLS handshakes
 * all concurrent). Their join times (offer sent to first forwarded audio) are the figure that matters here.
 *
 * <p>{@link #WARMUP_STORMS} warm-up storms of the same size go first, into a conference of their own with a
 * publisher of its own, so they take the same path as the measured storm (offers of a publisher's tracks, forwarding
 * to new receivers). Each warm-up storm leaves before the next, the publisher before the measured storm, and none
 * of their figures count. The measured storm then meets a node whose join and leave paths have run a couple of
 * thousand times and been compiled, as on a node that has been serving for a while, rather than one that just
 * started and is still compiling them.
 */
final class JoinStormScenario implements Scenario {
    /**
     * Warm-up storms before the measured one (their waves are numbered below {@link Scenario#SEQUENTIAL}). Code run
     * once per join reaches the optimising compiler only after thousands of calls: after ten warm-up storms (500
     * joins) the compilers still took about half of the node's CPU during the measured storm (perf), and server CPU
     * per join was 5-6.6 ms; after forty it was 3.4 ms.
     */
    static final int WARMUP_STORMS = 40;

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
        out.add(new Participant("bench-storm-warmup", "warmup-speaker", true, SEQUENTIAL, true));
        for (int round = 0; round < WARMUP_STORMS; round++) {
            for (int i = 0; i < options.storm(); i++) {
                out.add(new Participant("bench-storm-warmup", "w" + round + "-" + i, false, -2 - round, true));
            }
        }
        out.add(new Participant("bench-storm", "speaker", true));
        for (int i = 0; i < options.storm(); i++) {
            out.add(new Participant("bench-storm", "j" + i, false, 1));
        }
        return out;
    }
}
