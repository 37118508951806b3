package io.meridian.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario (d): a join storm. One publisher joins a conference first; once its media flows, {@code --storm}
 * (default 50) receive-only participants join at the same instant (their HTTP joins, ICE checks and DTLS handshakes
 * all concurrent). Their join times (offer sent to first forwarded audio) are the figure that matters here.
 *
 * <p>A warm-up storm of the same size goes first, into a conference of its own with nobody publishing (so it costs
 * nothing once joined and its join times are not measured): the measured storm then meets a node whose join path
 * is compiled, as on a node that has been serving for a while, rather than one that just started.
 */
final class JoinStormScenario implements Scenario {
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
        for (int i = 0; i < options.storm(); i++) {
            out.add(new Participant("bench-storm-warmup", "w" + i, false, 0));
        }
        out.add(new Participant("bench-storm", "speaker", true));
        for (int i = 0; i < options.storm(); i++) {
            out.add(new Participant("bench-storm", "j" + i, false, 1));
        }
        return out;
    }
}
