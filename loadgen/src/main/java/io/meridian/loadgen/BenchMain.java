package io.meridian.loadgen;

import io.meridian.client.ApiClient;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code ./meridian bench}: runs a load scenario against a server started as a child process, prints the figures
 * as a table on stdout (progress on stderr) and writes them as JSON. {@code --target meridian} (default) runs a
 * Meridian node on loopback; {@code janus} runs Janus VideoRoom in a network namespace of its own; {@code both}
 * runs Meridian in such a namespace, then Janus, with the same options, and also prints them side by side with
 * their ratios. {@code --versus KEY=VALUE} runs two Meridian nodes side by side, as given and with those settings, and
 * prints what the difference costs ({@link SettingsComparison}); {@code --versus-scenario NAME} (the simulcast
 * scenario's default: the plain conference) pairs the scenario with another one the same way. Exit 0 on a completed run, 1 on a failed one, 2 on a usage error or when what the target needs
 * (root, iproute2, Janus) is missing.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        // jitsi-srtp logs its start-up through java.util.logging; keep stderr for the progress bar.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(BenchOptions.USAGE);
            return args.length == 0 ? 2 : 0;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("meridian bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            return 2;
        }
        if (!options.target().equals("meridian")) {
            String missing = JanusTarget.missingPrerequisite();
            if (missing != null) {
                System.err.println("meridian bench: --target " + options.target()
                        + " runs Janus VideoRoom in a network namespace, and " + missing);
                return 2;
            }
        }
        if (!options.generatorCpus().isEmpty()) {
            String refused = pinGenerator(options.generatorCpus());
            if (refused != null) {
                System.err.println("meridian bench: --generator-cpus " + options.generatorCpus() + ": " + refused);
                return 2;
            }
        }
        try {
            GeneratorWarmup.run();
            // ice4j's first use may reconfigure java.util.logging; keep jitsi-srtp's start-up notes off stderr.
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
            switch (options.target()) {
                case "janus" -> write(options.output(), print(run(options, JanusTarget::start)));
                case "both" -> {
                    BenchResult meridian = print(run(options, MeridianTarget::startInNamespace));
                    BenchResult janus = print(run(options, JanusTarget::start));
                    ComparisonTable comparison = ComparisonTable.of(meridian, janus);
                    System.out.print(comparison.render());
                    write(options.output(), comparison);
                }
                default -> {
                    if (!options.paired()) {
                        write(options.output(), print(run(options, MeridianTarget::start)));
                    } else {
                        SettingsComparison comparison = SettingsComparison.run(options, (o, start) -> print(
                                new BenchRunner(o, new ProgressBar(System.err, o.progress()), MeridianTarget::start,
                                        start).run()));
                        System.out.print(comparison.render());
                        write(options.output(), comparison);
                    }
                }
            }
            return 0;
        } catch (Exception e) {
            System.err.println("\nmeridian bench: the run failed: " + e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }
    }

    private static BenchResult run(BenchOptions options, BenchTarget.Factory target)
            throws IOException, InterruptedException {
        return new BenchRunner(options, new ProgressBar(System.err, options.progress()), target).run();
    }

    private static BenchResult print(BenchResult result) {
        System.out.print(ResultTable.render(result));
        return result;
    }

    /** The result as JSON; for {@code both}, {"meridian": ..., "janus": ..., "janusOverMeridian": {...}}. */
    private static void write(Path output, Object result) throws IOException {
        if (output.toAbsolutePath().getParent() != null) {
            Files.createDirectories(output.toAbsolutePath().getParent());
        }
        ApiClient.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), result);
        System.out.println("JSON: " + output.toAbsolutePath());
    }

    /**
     * Moves every thread of this JVM to {@code cpus} ({@code taskset -a -p}); threads started later inherit it.
     * Returns why it could not, or null.
     */
    private static String pinGenerator(String cpus) {
        try {
            String self = Long.toString(ProcessHandle.current().pid());
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, self).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? null : "taskset refused: " + out.trim();
        } catch (IOException e) {
            return "taskset (util-linux) is needed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
