package io.meridian.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a process's CPU went, by thread: each thread's time on a CPU from /proc/PID/task/TID/schedstat (its first
 * field, in nanoseconds; proc(5)), grouped by thread name without its number ("vert.x-eventloop-thread-1" and "-0"
 * are one group). What the storm figure adds beside its total, so a join's cost can be read without a profiler.
 */
final class ThreadCpu {
    private final Path tasks;

    ThreadCpu(long pid) {
        this.tasks = Path.of("/proc", Long.toString(pid), "task");
    }

    /** Thread id to its name and nanoseconds on a CPU so far; threads that end meanwhile are simply missing. */
    Map<String, Sample> snapshot() {
        Map<String, Sample> out = new HashMap<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                try {
                    String name = Files.readString(thread.resolve("comm"), StandardCharsets.UTF_8).trim();
                    String schedstat = Files.readString(thread.resolve("schedstat"), StandardCharsets.US_ASCII);
                    out.put(thread.getFileName().toString(),
                            new Sample(group(name), Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')))));
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read: it is left out.
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return out;
    }

    /**
     * Milliseconds per {@code divisor} (e.g. per join) that each thread group used between two snapshots, largest
     * first; threads born in between count from zero.
     */
    static Map<String, Double> between(Map<String, Sample> before, Map<String, Sample> after, int divisor) {
        Map<String, Long> nanos = new HashMap<>();
        after.forEach((tid, now) -> {
            Sample then = before.get(tid);
            long used = now.nanos() - (then == null ? 0 : then.nanos());
            if (used > 0) {
                nanos.merge(now.group(), used, Long::sum);
            }
        });
        Map<String, Double> out = new LinkedHashMap<>();
        nanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue() / 1e6 / Math.max(1, divisor)));
        return out;
    }

    /** Each thread group's share of one core (%) between two snapshots {@code seconds} apart, largest first. */
    static Map<String, Double> percentOfCore(Map<String, Sample> before, Map<String, Sample> after, double seconds) {
        Map<String, Double> out = new LinkedHashMap<>();
        between(before, after, 1).forEach((group, millis) -> out.put(group, millis / 10 / seconds));
        return out;
    }

    /** "vert.x-eventloop-thread-3" -> "vert.x-eventloop-thread", "C2 CompilerThre" stays, "pool-2-thread-7" -> "pool". */
    static String group(String name) {
        String g = name.replaceAll("[-_ #:]*\\d+([-_ ]thread)?([-_ ]*\\d+)?$", "");
        return g.isEmpty() ? name : g;
    }

    record Sample(String group, long nanos) {
    }
}
