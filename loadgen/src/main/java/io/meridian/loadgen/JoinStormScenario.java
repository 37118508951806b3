package io.meridian.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario (d): a join storm. One publisher joins a conference first; once its media flows, {@code --storm}
 * (default 50) receive-only participants join at the same instant (their HTTP joins, ICE checks and DTLS handshakes
 * all concurrent). Their join times (offer sent to first forwarded audio) are the figure that matters here.
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
        out.add(new Participant("bench-storm", "speaker", true));
        for (int i = 0; i < options.storm(); i++) {
            out.add(new Participant("bench-storm", "j" + i, false, 1));
        }
        return out;
    }
}
