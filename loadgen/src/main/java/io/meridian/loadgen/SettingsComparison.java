package io.meridian.loadgen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToDoubleFunction;

/**
 * {@code --versus} and {@code --versus-scenario}: the scenario against two nodes at once, one with the settings as
 * given and one with the {@code --versus} settings added or running the {@code --versus-scenario} instead (simulcast
 * against the plain conference), each driven by participants of its own from this generator, on the same CPUs, their
 * windows opened together. On this shared VM two runs of the same command one after the other differ by up to
 * ±20 % (steal, the host's other tenants), which hides a 10 % difference; side by side, both nodes see the same
 * machine in the same seconds. {@code --rounds} pairs; the figures compared are the medians of the pairs.
 *
 * @param versusScenario   the other node's scenario when it is not {@code scenario}, else empty
 * @param cpuChangePercent how much more CPU per egress packet the settings as given cost than the versus ones
 *                         (median against median); positive: "as given" costs more
 */
record SettingsComparison(String scenario, String versusScenario, String versusSettings, List<BenchResult> asGiven,
                          List<BenchResult> versus, double medianCpuMicrosAsGiven, double medianCpuMicrosVersus,
                          double cpuChangePercent, double medianAllocatedBytesAsGiven,
                          double medianAllocatedBytesVersus) {

    /** How long a run's window waits for its pair's (joins take at most 60 s plus one per participant). */
    private static final long WINDOW_WAIT_MINUTES = 10;

    private record Figure(String name, String unit, ToDoubleFunction<BenchResult> value) {
    }

    private static final Figure[] FIGURES = {
        new Figure("CPU/egress pkt", "µs", BenchResult::cpuMicrosPerEgressPacket),
        new Figure("loop CPU/pkt", "µs", BenchResult::mediaLoopCpuMicrosPerEgressPacket),
        new Figure("loop heap/pkt", "B", BenchResult::mediaLoopBytesAllocatedPerEgressPacket),
        new Figure("egress pkts/s", "", BenchResult::egressPacketsPerSecond),
        new Figure("ingress pkts/s", "", BenchResult::ingressPacketsPerSecond),
        new Figure("loss", "%", r -> 100 * r.lossRatio()),
    };

    /** A run of the scenario with the given options, its window opened after {@code start} returns. */
    interface Runner {
        BenchResult run(BenchOptions options, BenchRunner.WindowStart start) throws IOException, InterruptedException;
    }

    static SettingsComparison run(BenchOptions options, Runner runner) throws IOException, InterruptedException {
        BenchOptions versusOptions = options.versusRun();
        List<BenchResult> asGiven = new ArrayList<>();
        List<BenchResult> versus = new ArrayList<>();
        ExecutorService pair = Executors.newFixedThreadPool(2, r -> new Thread(r, "bench-pair"));
        try {
            for (int round = 0; round < options.rounds(); round++) {
                CyclicBarrier together = new CyclicBarrier(2);
                Future<BenchResult> a = pair.submit(() -> runTogether(runner, options, together));
                Future<BenchResult> b = pair.submit(() -> runTogether(runner, versusOptions, together));
                asGiven.add(result(a));
                versus.add(result(b));
            }
        } finally {
            pair.shutdownNow();
        }
        return of(options.scenario(), options.versusScenario(), options.versusLabel(), asGiven, versus);
    }

    /** One run of a pair; a run that fails breaks the barrier, so the other does not wait for it. */
    private static BenchResult runTogether(Runner runner, BenchOptions options, CyclicBarrier together)
            throws Exception {
        try {
            return runner.run(options, () -> {
                try {
                    together.await(WINDOW_WAIT_MINUTES, TimeUnit.MINUTES);
                } catch (BrokenBarrierException | TimeoutException e) {
                    throw new IOException("the other run of the pair failed or did not get its media flowing", e);
                }
            });
        } catch (Exception e) {
            together.reset();
            throw e;
        }
    }

    private static BenchResult result(Future<BenchResult> run) throws IOException, InterruptedException {
        try {
            return run.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    static SettingsComparison of(String scenario, String versusScenario, String versusLabel,
                                 List<BenchResult> asGiven, List<BenchResult> versus) {
        double cpuA = median(asGiven, BenchResult::cpuMicrosPerEgressPacket);
        double cpuV = median(versus, BenchResult::cpuMicrosPerEgressPacket);
        return new SettingsComparison(scenario, versusScenario, versusLabel, List.copyOf(asGiven), List.copyOf(versus), cpuA, cpuV,
                100 * (cpuA / cpuV - 1), median(asGiven, BenchResult::mediaLoopBytesAllocatedPerEgressPacket),
                median(versus, BenchResult::mediaLoopBytesAllocatedPerEgressPacket));
    }

    /** The first node's name in the table: its scenario when the pair compares scenarios. */
    private String asGivenName() {
        return versusScenario.isEmpty() ? "as given" : scenario;
    }

    /** The second node's name: its scenario, its settings, or both. */
    private String versusName() {
        if (versusScenario.isEmpty()) {
            return "versus";
        }
        return versusSettings.isEmpty() ? versusScenario : versusScenario + " with " + versusSettings;
    }

    String render() {
        String what = versusScenario.isEmpty() ? String.format(Locale.ROOT, "Settings as given vs with %s: %s",
                versusSettings, scenario) : asGivenName() + " vs " + versusName();
        int width = Math.max(9, Math.max(asGivenName().length(), versusName().length()));
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s, %d pairs, the two nodes of a pair side by side (CPU: each "
                + "server's per egress packet; loop: its media loop threads')%n", what, asGiven.size()));
        out.append(String.format(Locale.ROOT, "| %-7s | %-" + width + "s |", "Run", "Node"));
        for (Figure f : FIGURES) {
            out.append(String.format(Locale.ROOT, " %14s |", f.name()));
        }
        out.append('\n').append("|---------|").append("-".repeat(width + 2)).append('|')
                .append("----------------|".repeat(FIGURES.length)).append('\n');
        for (int i = 0; i < asGiven.size(); i++) {
            row(out, width, "pair " + (i + 1), asGivenName(), List.of(asGiven.get(i)));
            row(out, width, "pair " + (i + 1), versusName(), List.of(versus.get(i)));
        }
        row(out, width, "median", asGivenName(), asGiven);
        row(out, width, "median", versusName(), versus);
        out.append(String.format(Locale.ROOT, "%s costs %+.1f %% CPU per egress packet against %s (median "
                + "%.2f vs %.2f µs), and %+.0f B of media loop heap per egress packet.%n",
                versusScenario.isEmpty() ? "As given" : scenario, cpuChangePercent,
                versusScenario.isEmpty() ? versusSettings : versusName(), medianCpuMicrosAsGiven,
                medianCpuMicrosVersus, medianAllocatedBytesAsGiven - medianAllocatedBytesVersus));
        double[] ratios = pairRatios();
        StringBuilder pairs = new StringBuilder();
        for (double r : ratios) {
            pairs.append(pairs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%+.1f", r));
        }
        out.append(String.format(Locale.ROOT, "Pair by pair: %s %% (median of the pairs' own ratios %+.1f %%; a "
                + "pair's two nodes saw the same seconds of the machine).%n", pairs, median(ratios)));
        return out.toString();
    }

    /** Each pair's CPU per egress packet, first node over second, as a change in per cent. */
    double[] pairRatios() {
        double[] out = new double[asGiven.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = 100 * (asGiven.get(i).cpuMicrosPerEgressPacket() / versus.get(i).cpuMicrosPerEgressPacket() - 1);
        }
        return out;
    }

    /** The median of the finite values; NaN when there is none. */
    private static double median(double[] values) {
        double[] sorted = java.util.Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static void row(StringBuilder out, int width, String run, String node, List<BenchResult> results) {
        out.append(String.format(Locale.ROOT, "| %-7s | %-" + width + "s |", run, node));
        for (Figure f : FIGURES) {
            double v = median(results, f.value());
            String number = !Double.isFinite(v) ? "-" : Math.abs(v) >= 100
                    ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
            out.append(String.format(Locale.ROOT, " %14s |", f.unit().isEmpty() || number.equals("-") ? number
                    : number + " " + f.unit()));
        }
        out.append('\n');
    }

    /** The median (the mean of the middle two for an even count); NaN when there is none. */
    static double median(List<BenchResult> results, ToDoubleFunction<BenchResult> figure) {
        return median(results.stream().mapToDouble(figure).toArray());
    }
}
