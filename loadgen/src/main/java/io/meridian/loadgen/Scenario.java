package io.meridian.loadgen;

import java.util.List;

/** A load shape: which participants join which conference, in order, and who publishes. */
interface Scenario {
    /**
     * One participant to create. Waves join in order, each once the previous wave has completed DTLS; within a wave
     * every participant joins at once (a join storm) or, for {@link #SEQUENTIAL}, one after the other. A
     * {@code warmup} participant only warms the server up: it leaves before the first participant that is not one
     * joins, and none of its figures count.
     */
    record Participant(String conferenceId, String label, boolean publishes, int wave, boolean warmup) {
        Participant(String conferenceId, String label, boolean publishes) {
            this(conferenceId, label, publishes, SEQUENTIAL, false);
        }

        Participant(String conferenceId, String label, boolean publishes, int wave) {
            this(conferenceId, label, publishes, wave, false);
        }
    }

    /** The wave of participants joined one at a time. */
    int SEQUENTIAL = -1;

    String name();

    /** One line for the table and the README. */
    String describe(BenchOptions options);

    List<Participant> participants(BenchOptions options);

    /** Whether publishers send simulcast video and receivers ask for layers (Meridian only). */
    default boolean simulcast() {
        return false;
    }

    /** Scenarios by name: the letters are accepted too. */
    static Scenario named(String name) {
        return switch (name) {
            case "conference", "a" -> new ConferenceScenario();
            case "broadcast", "b" -> new BroadcastScenario();
            case "rooms", "c" -> new RoomsScenario();
            case "storm", "d" -> new JoinStormScenario();
            case "simulcast" -> new SimulcastScenario();
            default -> throw new IllegalArgumentException("unknown scenario '" + name
                    + "' (known: conference (a), broadcast (b), rooms (c), storm (d), simulcast)");
        };
    }
}
