package io.meridian.loadgen;

import java.util.ArrayList;
import java.util.List;

/** Scenario (a): one conference of {@code --participants} (default 25) where everyone publishes audio and video. */
final class ConferenceScenario implements Scenario {
    @Override
    public String name() {
        return "conference";
    }

    @Override
    public String describe(BenchOptions options) {
        return "one conference, " + options.participants() + " participants, all publishing";
    }

    @Override
    public List<Participant> participants(BenchOptions options) {
        List<Participant> out = new ArrayList<>();
        for (int i = 0; i < options.participants(); i++) {
            out.add(new Participant("bench-conference", "p" + i, true));
        }
        return out;
    }
}
