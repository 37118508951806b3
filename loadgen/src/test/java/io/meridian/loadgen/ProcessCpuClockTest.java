package io.meridian.loadgen;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessCpuClockTest {
    @Test
    void thisJvmHasUsedCpuAndItOnlyGrows() throws Exception {
        ProcessCpuClock clock = new ProcessCpuClock(ProcessHandle.current().pid());
        long first = clock.cpuMicros();
        long spin = 0;
        for (int i = 0; i < 50_000_000; i++) {
            spin += i ^ (spin >>> 3);
        }
        long second = clock.cpuMicros();
        assertTrue(first > 0, "cpu " + first);
        assertTrue(second >= first, first + " then " + second + " (" + spin + ")");
    }
}
