package io.meridian.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import io.meridian.client.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 2-minute soak ({@code ./meridian soak --seconds 120}) through the real command path: a node child process with
 * Netty's paranoid leak detection, churned by synthetic participants that publish and receive. Nothing leaked, every
 * cycle had everyone's media, nobody is left, and heap after GC, Netty's pools, direct buffers, threads, descriptors
 * and RSS are back at their start level (the margins are {@link SoakMain#verdicts}'s).
 */
class SoakTest {
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void twoMinutesOfChurnLeakNothingAndEveryFigureComesBack() throws Exception {
        Path output = Path.of("target", "soak-ci.json");
        Files.deleteIfExists(output);

        int exit = SoakMain.run(new String[] {"--seconds", "120", "--output", output.toString()});

        JsonNode result = ApiClient.JSON.readTree(output.toFile());
        assertTrue(result.path("cycles").asInt() > 1, "cycles of churn: " + result);
        assertTrue(result.path("joins").asInt() > 10 * result.path("cycles").asInt(), "joins: " + result);
        assertEquals(0, result.path("leaks").asLong(), "Netty leak reports in target/soak-ci-node.log: " + result);
        for (JsonNode verdict : result.path("verdicts")) {
            assertTrue(verdict.path("holds").asBoolean(), verdict.path("figure").asText() + " did not come back: "
                    + verdict);
        }
        assertEquals(0, exit, "soak exit status: " + result);
    }
}
