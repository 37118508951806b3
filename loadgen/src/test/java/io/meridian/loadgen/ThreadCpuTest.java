package io.meridian.loadgen;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadCpuTest {
    @Test
    void threadsAreGroupedByTheirNameWithoutItsNumber() {
        assertEquals("vert.x-eventloop-thread", ThreadCpu.group("vert.x-eventloop-thread-1"));
        assertEquals("meridian-dtls", ThreadCpu.group("meridian-dtls-12"));
        assertEquals("C2 CompilerThre", ThreadCpu.group("C2 CompilerThre"));
        assertEquals("pool", ThreadCpu.group("pool-2-thread-7"));
        assertEquals("GC Thread", ThreadCpu.group("GC Thread#0"));
        assertEquals("42", ThreadCpu.group("42"));
    }

    @Test
    void betweenSumsEachGroupPerDivisorLargestFirstAndCountsNewThreadsFromZero() {
        Map<String, ThreadCpu.Sample> before = Map.of(
                "1", new ThreadCpu.Sample("loop", 1_000_000),
                "2", new ThreadCpu.Sample("dtls", 0));
        Map<String, ThreadCpu.Sample> after = Map.of(
                "1", new ThreadCpu.Sample("loop", 3_000_000),
                "2", new ThreadCpu.Sample("dtls", 4_000_000),
                "3", new ThreadCpu.Sample("dtls", 6_000_000));

        Map<String, Double> perJoin = ThreadCpu.between(before, after, 2);

        assertEquals(List.of("dtls", "loop"), List.copyOf(perJoin.keySet()));
        assertEquals(5.0, perJoin.get("dtls"), 1e-9);
        assertEquals(1.0, perJoin.get("loop"), 1e-9);
    }

    @Test
    void thisJvmsOwnThreadsAreSeen() {
        Map<String, ThreadCpu.Sample> now = new ThreadCpu(ProcessHandle.current().pid()).snapshot();
        assertTrue(now.values().stream().anyMatch(s -> s.nanos() > 0), now.toString());
    }
}
