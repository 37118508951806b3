package io.meridian.loadgen;

import java.util.List;

/** A load shape: which participants join which conference, in order, and who publishes. */
interface Scenario {
    /** One participant to create: joined in list order, each once the previous one's DTLS has completed. */
    record Participant(String conferenceId, String label, boolean publishes) {
    }

    String name();

    /** One line for the table and the README. */
    String describe(BenchOptions options);

    List<Participant> participants(BenchOptions options);

    /** Scenarios by name: the letters are accepted too. */
    static Scenario named(String name) {
        return switch (name) {
            case "conference", "a" -> new ConferenceScenario();
            case "broadcast", "b" -> new BroadcastScenario();
            default -> throw new IllegalArgumentException("unknown scenario '" + name
                    + "' (known: conference (a), broadcast (b))");
        };
    }
}
