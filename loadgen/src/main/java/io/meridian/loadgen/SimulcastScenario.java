package io.meridian.loadgen;

import java.util.List;

/**
 * The simulcast scenario: {@link ConferenceScenario}'s conference of {@code --participants}, everyone publishing audio
 * and three VP8 layers ({@link SimulcastProfile}), and everyone asking each other's video for a layer of its own
 * ({@link LayerWishes}), so the node forwards a mix of all three to every receiver. Run against the plain
 * conference side by side by default ({@link BenchOptions#versusScenario}), which prices simulcast per egress packet.
 */
final class SimulcastScenario implements Scenario {
    private final ConferenceScenario conference = new ConferenceScenario();

    @Override
    public String name() {
        return "simulcast";
    }

    @Override
    public String describe(BenchOptions options) {
        return "one conference, " + options.participants() + " participants, all publishing 3 simulcast layers, "
                + "receivers asking for mixed layers";
    }

    @Override
    public List<Participant> participants(BenchOptions options) {
        return conference.participants(options);
    }

    @Override
    public boolean simulcast() {
        return true;
    }
}
