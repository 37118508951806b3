package io.meridian.loadgen;

import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.util.Arrays;

/**
 * {@code ./meridian bench}: runs a load scenario against a Meridian node started as a child process, prints the
 * figures as a table on stdout (progress on stderr) and writes them as JSON. Exit 0 on a completed run, 1 on a
 * failed one, 2 on a usage error or a target that is not implemented.
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
            System.err.println("meridian bench: --target " + options.target()
                    + " is not implemented yet (only meridian); see the README's Benchmark section");
            return 2;
        }
        try {
            BenchResult result = new BenchRunner(options, new ProgressBar(System.err, options.progress())).run();
            System.out.print(ResultTable.render(result));
            if (options.output().toAbsolutePath().getParent() != null) {
                Files.createDirectories(options.output().toAbsolutePath().getParent());
            }
            SignallingClient.JSON.writer().with(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(options.output().toFile(), result);
            System.out.println("JSON: " + options.output().toAbsolutePath());
            return 0;
        } catch (Exception e) {
            System.err.println("\nmeridian bench: the run failed: " + e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return 1;
        }
    }
}
