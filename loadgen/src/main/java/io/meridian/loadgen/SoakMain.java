package io.meridian.loadgen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meridian.client.ApiClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./meridian soak [--minutes M | --seconds S] [--output FILE]}: churns a node ({@link SoakRun}) for the set
 * time, then prints its figures at the start and at the end side by side, and whether they came back: no leak
 * reported, media in every cycle, nobody left in the node, and each figure back at its start level within the
 * margin {@link #verdicts} gives it. Writes the same as JSON. Exit 0 when every verdict holds, 1 when one does not,
 * 2 on a usage error.
 */
public final class SoakMain {
    static final String USAGE = """
            usage: ./meridian soak [--minutes M | --seconds S] [--output FILE]
              --minutes M      how long to churn (default 20)
              --seconds S      the same in seconds (the CI runs 120)
              --output FILE    JSON result (default target/soak.json); the node's log is beside it (-node.log)
            """;
    private static final double MB = 1 << 20;

    private SoakMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** One figure compared: start, end, the most the end may be, and whether it is within that. */
    record Verdict(String figure, double start, double end, double allowed, boolean holds) {
    }

    static int run(String[] args) {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        long seconds = 20 * 60;
        Path output = Path.of("target", "soak.json");
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    System.out.print(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--minutes" -> seconds = 60L * BenchOptions.positive(flag, value);
                    case "--seconds" -> seconds = BenchOptions.positive(flag, value);
                    case "--output" -> output = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("meridian soak: " + e.getMessage());
            System.err.print(USAGE);
            return 2;
        }
        try {
            GeneratorWarmup.run();
            Path log = BenchRunner.siblingOf(output, "-node.log");
            SoakRun.Outcome outcome = new SoakRun(log, Duration.ofSeconds(seconds)).run();
            List<Verdict> verdicts = verdicts(outcome);
            print(outcome, verdicts, log);
            write(output, outcome, verdicts);
            return verdicts.stream().allMatch(Verdict::holds) ? 0 : 1;
        } catch (Exception e) {
            System.err.println("meridian soak: failed: " + e);
            return 1;
        }
    }

    /**
     * Each figure against its start level. Threads and descriptors must come back exactly but for a couple the JVM
     * opens on its own (a JIT compiler thread, the attach listener); heap after a full GC within 10 % or 8 MB; Netty's
     * pools within one 4 MB chunk per arena of the two allocators (a pool keeps what it once needed); RSS (the heap
     * is all committed from the start, so this is native memory) within 64 MB, as the JIT's code cache and malloc's
     * arenas grow to where the load takes them and keep it. Leaks, cycles without media and
     * participants left must be none.
     */
    static List<Verdict> verdicts(SoakRun.Outcome o) {
        SoakFigures s = o.start();
        SoakFigures e = o.end();
        int arenas = 2 * Runtime.getRuntime().availableProcessors();
        List<Verdict> out = new ArrayList<>();
        out.add(within("heap after GC (bytes)", s.heapAfterGcBytes(), e.heapAfterGcBytes(),
                Math.max(1.10 * s.heapAfterGcBytes(), s.heapAfterGcBytes() + 8 * MB)));
        out.add(within("Netty buffer pools (bytes)", s.bufferPoolBytes(), e.bufferPoolBytes(),
                s.bufferPoolBytes() + 2 * arenas * 4 * MB));
        out.add(within("JVM direct buffers (bytes)", s.directBufferBytes(), e.directBufferBytes(),
                s.directBufferBytes() + MB));
        out.add(within("threads", s.threads(), e.threads(), s.threads() + 2));
        out.add(within("open file descriptors", s.openFds(), e.openFds(), s.openFds() + 2));
        out.add(within("resident set size (bytes)", s.rssBytes(), e.rssBytes(), s.rssBytes() + 64 * MB));
        out.add(within("participants", s.participants(), e.participants(), 0));
        out.add(within("conferences", s.conferences(), e.conferences(), 0));
        out.add(within("leak reports", 0, o.leaks(), 0));
        out.add(within("cycles without everyone's media", 0, o.cyclesWithoutMedia(), 0));
        return out;
    }

    private static Verdict within(String figure, double start, double end, double allowed) {
        return new Verdict(figure, start, end, allowed, end <= allowed);
    }

    private static void print(SoakRun.Outcome o, List<Verdict> verdicts, Path log) {
        System.out.printf(Locale.ROOT, "Meridian soak: %d cycles, %d joins, %.0f s (node log: %s)%n", o.cycles(),
                o.joins(), o.seconds(), log);
        System.out.println("| Figure | start | end | at most | |");
        System.out.println("|---|---|---|---|---|");
        for (Verdict v : verdicts) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", v.figure(), number(v.start()),
                    number(v.end()), number(v.allowed()), v.holds() ? "ok" : "NOT BACK");
        }
        o.leakReports().forEach(l -> System.out.println("leak: " + l));
        o.threadsEnd().forEach((name, n) -> {
            int before = o.threadsStart().getOrDefault(name, 0);
            if (n != before) {
                System.out.printf(Locale.ROOT, "threads named %s: %d at the start, %d at the end%n", name, before, n);
            }
        });
    }

    private static String number(double v) {
        return Math.abs(v) >= 10 * MB ? String.format(Locale.ROOT, "%.1f MB", v / MB)
                : String.format(Locale.ROOT, "%.0f", v);
    }

    private static void write(Path output, SoakRun.Outcome o, List<Verdict> verdicts) throws java.io.IOException {
        ObjectNode json = ApiClient.JSON.createObjectNode();
        json.put("cycles", o.cycles()).put("joins", o.joins()).put("seconds", o.seconds())
                .put("leaks", o.leaks()).put("cyclesWithoutMedia", o.cyclesWithoutMedia());
        ObjectNode figures = json.putObject("figures");
        for (Map.Entry<String, Double> f : o.start().named().entrySet()) {
            figures.putObject(f.getKey()).put("start", f.getValue()).put("end", o.end().named().get(f.getKey()));
        }
        var list = json.putArray("verdicts");
        for (Verdict v : verdicts) {
            list.addObject().put("figure", v.figure()).put("start", v.start()).put("end", v.end())
                    .put("allowed", v.allowed()).put("holds", v.holds());
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValue(output.toFile(), json);
    }
}
