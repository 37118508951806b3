package io.meridian.loadgen;

import io.meridian.client.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 10-second run of scenario (b) with three subscribers through the real command path (a node child process,
 * synthetic participants, the JSON file). Checks that every figure is produced and that nothing is lost at this
 * low load; it makes no timing claim (the figures themselves are for the README, not for assertions).
 */
class BenchSmokeTest {
    private static final List<String> FIGURES = List.of("cpuMicrosPerEgressPacket", "egressPacketsPerSecond",
            "latencyP50Millis", "latencyP99Millis", "latencyP999Millis", "lossRatio", "joinP50Millis",
            "joinP99Millis", "serverHeapBytesPerParticipant", "serverThreads", "serverCpuSeconds");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void broadcastToThreeSubscribersProducesEveryFigureAndLosesNothing() throws Exception {
        Path output = Path.of("target", "bench-smoke.json");
        Files.deleteIfExists(BenchRunner.plotFile(output, "meridian"));

        JsonNode result = bench(output, "the node's log is in target/", "--scenario", "broadcast", "--subscribers",
                "3", "--duration", "10", "--server-heap", "256m");
        for (String figure : FIGURES) {
            JsonNode value = result.path(figure);
            assertTrue(value.isNumber() && Double.isFinite(value.asDouble()), figure + " is " + value + " in "
                    + result);
        }
        assertTrue(result.path("cpuMicrosPerEgressPacket").asDouble() > 0, result.toString());
        assertTrue(result.path("egressPacketsPerSecond").asDouble() > 0, result.toString());
        assertTrue(result.path("latencySamples").asLong() > 0, result.toString());
        assertTrue(result.path("expectedPackets").asLong() > 0, result.toString());
        assertEquals(0, result.path("lostPackets").asLong(), "lost packets: " + result);
        assertEquals(0, result.path("undecryptablePackets").asLong(), "SRTP that failed to authenticate: " + result);
        assertEquals(0, result.path("joinFailures").asInt(), result.toString());
        assertEquals(0, result.path("signallingProblems").asLong(), result.toString());
        assertEquals(3, result.path("receivers").asInt(), result.toString());
        assertEquals(3, result.path("receiversWithAllMedia").asInt(), "every subscriber received media: " + result);
        assertEquals(3, result.path("joinSamples").asInt(), result.toString());
        assertTrue(result.path("loadSamples").size() > 0, "per-second load samples: " + result);
        java.awt.image.BufferedImage plot = javax.imageio.ImageIO.read(
                BenchRunner.plotFile(output, "meridian").toFile());
        assertTrue(plot != null && plot.getWidth() > 0, "the PNG plot beside the JSON");
    }

    @Test
    void aSmallStormReportsTheCpuEachJoinCost() throws Exception {
        JsonNode result = bench(Path.of("target", "bench-smoke-storm.json"), "the node's log is in target/",
                "--scenario", "storm", "--storm", "3", "--duration", "2", "--server-heap", "256m");
        assertEquals(3, result.path("joinSamples").asInt(), "the storm's three joins are the timed ones: " + result);
        for (String figure : List.of("stormServerCpuMillisPerJoin", "stormGeneratorCpuMillisPerJoin")) {
            JsonNode value = result.path(figure);
            assertTrue(value.isNumber() && value.asDouble() > 0 && Double.isFinite(value.asDouble()),
                    figure + " is " + value);
        }
        assertEquals(0, result.path("joinFailures").asInt(), result.toString());
        assertEquals(0, result.path("lostPackets").asLong(), result.toString());
    }

    /**
     * {@code --versus}: a pair of short broadcasts, one node as given and one with transport-cc switched off; the
     * JSON holds both runs, and only the as-given node fed transport-cc back to the publisher, so each run really had
     * its own settings.
     */
    @Test
    void versusRunsANodeWithEachSettingAndComparesThem() throws Exception {
        JsonNode result = bench(Path.of("target", "bench-smoke-versus.json"), "the node's log is in target/",
                "--scenario", "broadcast", "--subscribers", "2", "--duration", "3", "--server-heap", "256m",
                "--versus", "cc.transport-cc=false", "--rounds", "1");
        assertEquals("cc.transport-cc=false", result.path("versusSettings").asText(), result.toString());
        JsonNode asGiven = result.path("asGiven").path(0);
        JsonNode versus = result.path("versus").path(0);
        assertEquals(2, asGiven.path("receiversWithAllMedia").asInt(), asGiven.toString());
        assertEquals(2, versus.path("receiversWithAllMedia").asInt(), versus.toString());
        assertTrue(asGiven.path("nodeFeaturePackets").path("transport-cc feedback").asLong() > 0,
                "the node as given sends transport-cc feedback: " + asGiven);
        assertEquals(0, versus.path("nodeFeaturePackets").path("transport-cc feedback").asLong(),
                "with cc.transport-cc=false it sends none: " + versus);
        assertTrue(Double.isFinite(result.path("cpuChangePercent").asDouble()), result.toString());
    }

    /**
     * {@code --versus-transport tcp}: the same broadcast over UDP and, beside it, with every participant's media over
     * an ICE-TCP connection to the node's passive candidate (those participants open no UDP socket at all); both
     * deliver everything.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void versusTransportRunsTheParticipantsOfTheSecondNodeOverIceTcp() throws Exception {
        JsonNode result = bench(Path.of("target", "bench-smoke-tcp.json"), "the node's log is in target/",
                "--scenario", "broadcast", "--subscribers", "2", "--duration", "3", "--server-heap", "256m",
                "--versus-transport", "tcp", "--rounds", "1");
        assertEquals("transport=tcp", result.path("versusSettings").asText(), result.toString());
        JsonNode udp = result.path("asGiven").path(0);
        JsonNode tcp = result.path("versus").path(0);
        assertTrue(tcp.path("description").asText().endsWith("over ICE-TCP"), tcp.toString());
        assertTrue(!udp.path("description").asText().contains("TCP"), udp.toString());
        for (JsonNode run : List.of(udp, tcp)) {
            assertEquals(2, run.path("receiversWithAllMedia").asInt(), run.toString());
            assertEquals(0, run.path("lostPackets").asLong(), run.toString());
            assertEquals(0, run.path("undecryptablePackets").asLong(), run.toString());
            assertEquals(0, run.path("joinFailures").asInt(), run.toString());
        }
        assertEquals(2, BenchMain.run(new String[] {"--scenario", "broadcast", "--transport", "quic"}));
        assertEquals(2, BenchMain.run(new String[] {"--scenario", "broadcast", "--target", "janus", "--transport",
            "tcp"}));
    }

    /**
     * The simulcast scenario beside the plain conference, four participants each: every receiver ends on the layer it
     * asked for of each of the other three publishers, so the node forwarded all three layers (a node that sent
     * everyone one layer, or ignored receive-video, would fail this), while the conference node got no simulcast.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void simulcastBesideTheConferenceForwardsTheMixOfLayersAskedFor() throws Exception {
        JsonNode result = bench(Path.of("target", "bench-smoke-simulcast.json"), "the node's log is in target/",
                "--scenario", "simulcast", "--participants", "4", "--duration", "3", "--server-heap", "256m",
                "--rounds", "1");
        assertEquals("conference", result.path("versusScenario").asText(), result.toString());
        JsonNode simulcast = result.path("asGiven").path(0);
        JsonNode conference = result.path("versus").path(0);
        assertEquals("simulcast", simulcast.path("scenario").asText());
        assertEquals("conference", conference.path("scenario").asText());
        assertTrue(conference.path("simulcast").isNull(), conference.toString());
        for (JsonNode run : List.of(simulcast, conference)) {
            assertEquals(4, run.path("receiversWithAllMedia").asInt(), run.toString());
            assertEquals(0, run.path("lostPackets").asLong(), run.toString());
            assertEquals(0, run.path("signallingProblems").asLong(), run.toString());
            assertTrue(run.path("cpuMicrosPerEgressPacket").asDouble() > 0, run.toString());
        }
        JsonNode layers = simulcast.path("simulcast");
        assertEquals(12, layers.path("pairs").asLong(), "4 receivers x 3 simulcast tracks: " + layers);
        assertEquals(12, layers.path("onWishedLayer").asLong(), "each on the layer it asked for: " + layers);
        for (String rid : SimulcastProfile.RIDS) {
            assertEquals(4, layers.path("pairsByLayer").path(rid).asLong(), rid + ": " + layers);
            assertTrue(layers.path("packetsByLayer").path(rid).asLong() > 0, rid + ": " + layers);
        }
        assertTrue(Double.isFinite(result.path("cpuChangePercent").asDouble()), result.toString());
    }

    @Test
    void roundsNeedVersusAndVersusNeedsMeridian() {
        assertEquals(2, BenchMain.run(new String[] {"--scenario", "broadcast", "--rounds", "2"}));
        assertEquals(2, BenchMain.run(new String[] {"--scenario", "broadcast", "--target", "janus", "--versus",
                "cc.probing=false"}));
        assertEquals(2, BenchMain.run(new String[] {"--scenario", "broadcast", "--versus", "cc.probing"}));
    }

    @Test
    void unknownTargetsAreRefused() {
        assertEquals(2, BenchMain.run(new String[] {"--scenario", "broadcast", "--duration", "1", "--target",
                "kurento"}));
    }

    /**
     * A short broadcast through Janus VideoRoom (Debian's janus, installed by scripts/install-test-deps.sh) in a
     * network namespace of its own: every subscriber gets every stream, nothing is lost, and the namespace is gone
     * afterwards.
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void broadcastThroughJanusReachesEverySubscriber() throws Exception {
        assertNull(JanusTarget.missingPrerequisite(), "run scripts/install-test-deps.sh as root first");
        JsonNode result = bench(Path.of("target", "bench-smoke-janus.json"), "janus's log is in target/",
                "--scenario", "broadcast", "--subscribers", "2", "--duration", "3", "--target", "janus");
        assertEquals("janus", result.path("target").asText(), result.toString());
        assertEquals(2, result.path("receiversWithAllMedia").asInt(), result.toString());
        assertEquals(0, result.path("lostPackets").asLong(), result.toString());
        assertEquals(0, result.path("undecryptablePackets").asLong(), result.toString());
        assertEquals(0, result.path("joinFailures").asInt(), result.toString());
        assertTrue(result.path("egressPacketsPerSecond").asDouble() > 0, result.toString());
        Process list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String namespaces = new String(list.getInputStream().readAllBytes());
        assertTrue(list.waitFor(10, TimeUnit.SECONDS));
        String ours = "mb" + ProcessHandle.current().pid() + "x";
        assertTrue(namespaces.lines().noneMatch(l -> l.startsWith(ours)), "namespace left: " + namespaces);
    }

    /** Runs the bench without a progress bar into {@code output}, asserts it exited 0 and returns its JSON. */
    private static JsonNode bench(Path output, String logHint, String... args) throws Exception {
        Files.deleteIfExists(output);
        String[] all = Arrays.copyOf(args, args.length + 3);
        all[args.length] = "--no-progress";
        all[args.length + 1] = "--output";
        all[args.length + 2] = output.toString();
        assertEquals(0, BenchMain.run(all), "bench exit status; " + logHint);
        return ApiClient.JSON.readTree(output.toFile());
    }
}
