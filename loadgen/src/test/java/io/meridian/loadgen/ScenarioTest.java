package io.meridian.loadgen;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scenarios' participant plans and how the joiner groups them into waves. */
class ScenarioTest {
    private static BenchOptions options(String... args) {
        return BenchOptions.parse(List.of(args));
    }

    @Test
    void roomsAreFourPersonConferencesWhereEveryonePublishes() {
        List<Scenario.Participant> plan = Scenario.named("c").participants(options("--scenario", "rooms",
                "--rooms", "7"));
        assertEquals(28, plan.size());
        Map<String, Long> perRoom = plan.stream().collect(Collectors.groupingBy(Scenario.Participant::conferenceId,
                Collectors.counting()));
        assertEquals(7, perRoom.size());
        assertTrue(perRoom.values().stream().allMatch(n -> n == RoomsScenario.ROOM_SIZE), perRoom.toString());
        assertTrue(plan.stream().allMatch(Scenario.Participant::publishes));
        assertEquals(28, Joiner.waves(plan).size(), "room members join one after the other");
    }

    @Test
    void stormJoinsEveryoneAtOnceAfterWarmUpStormsEachIntoANewConferenceWithItsOwnSpeaker() {
        List<Scenario.Participant> plan = Scenario.named("d").participants(options("--scenario", "storm",
                "--storm", "12"));
        List<List<Scenario.Participant>> waves = Joiner.waves(plan);
        int warmups = JoinStormScenario.WARMUP_STORMS;
        assertEquals(2 * warmups + 2, waves.size(), "per warm-up round a speaker and a storm, then the measured ones");
        List<Scenario.Participant> speaker = waves.get(2 * warmups);
        assertEquals(1, speaker.size());
        assertTrue(speaker.get(0).publishes() && !speaker.get(0).warmup());
        String conference = speaker.get(0).conferenceId();
        java.util.Set<String> warmupConferences = new java.util.HashSet<>();
        for (int round = 0; round < warmups; round++) {
            Scenario.Participant warmupSpeaker = waves.get(2 * round).get(0);
            List<Scenario.Participant> storm = waves.get(2 * round + 1);
            assertTrue(warmupSpeaker.publishes() && warmupSpeaker.warmup());
            assertEquals(12, storm.size());
            assertTrue(storm.stream().allMatch(p -> p.warmup() && !p.publishes()
                    && p.conferenceId().equals(warmupSpeaker.conferenceId())),
                    "each warm-up storm meets a publisher of its own, in a conference of its own");
            assertTrue(warmupConferences.add(warmupSpeaker.conferenceId()), "a new conference each round");
        }
        assertFalse(warmupConferences.contains(conference));
        List<Scenario.Participant> measured = waves.get(2 * warmups + 1);
        assertEquals(12, measured.size());
        assertTrue(measured.stream().allMatch(p -> p.conferenceId().equals(conference) && !p.publishes()
                && !p.warmup()));
    }

    @Test
    void lettersNameTheScenariosAndBadSizesAreRefusedByName() {
        assertEquals("conference", Scenario.named("a").name());
        assertEquals("broadcast", Scenario.named("b").name());
        IllegalArgumentException rooms = assertThrows(IllegalArgumentException.class,
                () -> options("--scenario", "rooms", "--rooms", "251"));
        assertTrue(rooms.getMessage().contains("--rooms"), rooms.getMessage());
        IllegalArgumentException storm = assertThrows(IllegalArgumentException.class,
                () -> options("--scenario", "storm", "--storm", "0"));
        assertTrue(storm.getMessage().contains("--storm"), storm.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Scenario.named("e"));
        assertTrue(unknown.getMessage().contains("storm (d)"), unknown.getMessage());
    }

    @Test
    void nodeOptionsBecomeTheNodesFlags() {
        BenchOptions o = options("--scenario", "rooms", "--node-option", "retransmission.enabled=false",
                "--media-loops", "2");
        assertEquals(List.of("--retransmission-enabled", "false", "--media-loops", "2"), o.nodeOptions());
        assertThrows(IllegalArgumentException.class, () -> options("--scenario", "rooms", "--node-option", "x"));
    }

    @Test
    void serverCpusRunTheServerUnderTaskset() {
        assertEquals(List.of(), options("--scenario", "rooms").serverCpuPrefix());
        BenchOptions o = options("--scenario", "rooms", "--server-cpus", "1,3-4", "--generator-cpus", "0");
        assertEquals(List.of("taskset", "-c", "1,3-4"), o.serverCpuPrefix());
        assertEquals("0", o.generatorCpus());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> options("--scenario", "rooms", "--server-cpus", "one"));
        assertTrue(e.getMessage().contains("--server-cpus"), e.getMessage());
    }

    @Test
    void simulcastIsTheConferencePairedWithThePlainConferenceByDefault() {
        BenchOptions o = options("--scenario", "simulcast", "--participants", "6");
        List<Scenario.Participant> plan = Scenario.named(o.scenario()).participants(o);
        assertEquals(6, plan.size());
        assertTrue(plan.stream().allMatch(Scenario.Participant::publishes));
        assertEquals(1, plan.stream().map(Scenario.Participant::conferenceId).distinct().count());
        assertTrue(Scenario.named(o.scenario()).simulcast());
        assertTrue(o.paired());
        BenchOptions other = o.versusRun();
        assertEquals("conference", other.scenario());
        assertEquals(6, other.participants(), "the same size, side by side");
        assertEquals(o.nodeOptions(), other.nodeOptions(), "the same node settings");
        assertFalse(Scenario.named(other.scenario()).simulcast());
        assertFalse(options("--scenario", "simulcast", "--versus-scenario", "none").paired());
        assertFalse(options("--scenario", "conference").paired());
        assertEquals("rooms", options("--scenario", "conference", "--versus-scenario", "c").versusRun().scenario());
        IllegalArgumentException janus = assertThrows(IllegalArgumentException.class,
                () -> options("--scenario", "simulcast", "--target", "janus"));
        assertTrue(janus.getMessage().contains("meridian"), janus.getMessage());
    }

    @Test
    void everyReceiverAsksForEveryLayerAndEveryLayerIsAskedFor() {
        int participants = 6;
        for (int r = 0; r < participants; r++) {
            java.util.Set<Integer> asked = new java.util.HashSet<>();
            java.util.Set<Integer> askedOfR = new java.util.HashSet<>();
            for (int p = 0; p < participants; p++) {
                if (p != r) {
                    // Stamp ids as the joiner gives them: audio 1 + 2i, video 2 + 2i.
                    asked.add(LayerWishes.layerAskedFor(1 + 2 * r, 2 + 2 * p));
                    askedOfR.add(LayerWishes.layerAskedFor(1 + 2 * p, 2 + 2 * r));
                }
            }
            assertEquals(java.util.Set.of(0, 1, 2), asked, "receiver " + r + " asks for each layer of someone");
            assertEquals(java.util.Set.of(0, 1, 2), askedOfR, "each layer of publisher " + r + " is asked for");
        }
    }
}
