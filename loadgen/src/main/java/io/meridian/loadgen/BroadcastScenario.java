package io.meridian.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario (b): one publisher to {@code --subscribers} (default 100, up to 1,000) receive-only participants in one
 * conference. The publisher joins first, so every subscriber's join time is measured against live media.
 */
final class BroadcastScenario implements Scenario {
    @Override
    public String name() {
        return "broadcast";
    }

    @Override
    public String describe(BenchOptions options) {
        return "one publisher, " + options.subscribers() + " subscribers";
    }

    @Override
    public List<Participant> participants(BenchOptions options) {
        List<Participant> out = new ArrayList<>();
        out.add(new Participant("bench-broadcast", "publisher", true));
        for (int i = 0; i < options.subscribers(); i++) {
            out.add(new Participant("bench-broadcast", "s" + i, false));
        }
        return out;
    }
}
