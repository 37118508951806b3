package io.meridian.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * CPU time a process has used, from the kernel's own accounting: utime + stime of /proc/PID/stat (proc(5), fields
 * 14 and 15, in clock ticks of {@code getconf CLK_TCK}). Not wall time: a waiting process accrues none.
 */
final class ProcessCpuClock {
    private final long pid;
    private final long ticksPerSecond;

    ProcessCpuClock(long pid) {
        this.pid = pid;
        this.ticksPerSecond = clockTicks();
    }

    long pid() {
        return pid;
    }

    /** utime + stime of the whole process (all threads), in microseconds. */
    long cpuMicros() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        // The command name (field 2) is in parentheses and may contain spaces: count fields after its last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the whole line
        return ticks * 1_000_000L / ticksPerSecond;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | NumberFormatException e) {
            // Fall through to Linux's USER_HZ on every common architecture.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
