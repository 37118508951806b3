package io.meridian.loadgen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * {@code --versus}: the same scenario run against a node with the settings as given and against one with the
 * {@code --versus} settings added, in {@code --rounds} pairs whose order alternates (as given first, then versus
 * first, ...), so a drift of the machine over the runs weighs on both sides alike. On a shared VM two runs of the same
 * command differ by up to ±20 %, so one pair says little: the figures compared are the medians of the pairs.
 *
 * @param cpuChangePercent how much more CPU per egress packet the settings as given cost than the versus ones
 *                         (median against median); positive: "as given" costs more
 */
record SettingsComparison(String scenario, String versusSettings, List<BenchResult> asGiven,
                          List<BenchResult> versus, double medianCpuMicrosAsGiven, double medianCpuMicrosVersus,
                          double cpuChangePercent, double medianAllocatedBytesAsGiven,
                          double medianAllocatedBytesVersus) {

    private record Figure(String name, String unit, ToDoubleFunction<BenchResult> value) {
    }

    private static final Figure[] FIGURES = {
        new Figure("CPU/egress pkt", "µs", BenchResult::cpuMicrosPerEgressPacket),
        new Figure("loop CPU/pkt", "µs", BenchResult::mediaLoopCpuMicrosPerEgressPacket),
        new Figure("loop heap/pkt", "B", BenchResult::mediaLoopBytesAllocatedPerEgressPacket),
        new Figure("egress pkts/s", "", BenchResult::egressPacketsPerSecond),
        new Figure("loss", "%", r -> 100 * r.lossRatio()),
    };

    /** A run of the scenario with the given options (the real one starts a node and drives it). */
    interface Runner {
        BenchResult run(BenchOptions options) throws IOException, InterruptedException;
    }

    static SettingsComparison run(BenchOptions options, Runner runner) throws IOException, InterruptedException {
        BenchOptions versusOptions = options.versusRun();
        List<BenchResult> asGiven = new ArrayList<>();
        List<BenchResult> versus = new ArrayList<>();
        for (int round = 0; round < options.rounds(); round++) {
            boolean asGivenFirst = round % 2 == 0;
            BenchOptions first = asGivenFirst ? options : versusOptions;
            BenchOptions second = asGivenFirst ? versusOptions : options;
            BenchResult a = runner.run(first);
            BenchResult b = runner.run(second);
            asGiven.add(asGivenFirst ? a : b);
            versus.add(asGivenFirst ? b : a);
        }
        return of(options.scenario(), options.versusLabel(), asGiven, versus);
    }

    static SettingsComparison of(String scenario, String versusLabel, List<BenchResult> asGiven,
                                 List<BenchResult> versus) {
        double cpuA = median(asGiven, BenchResult::cpuMicrosPerEgressPacket);
        double cpuV = median(versus, BenchResult::cpuMicrosPerEgressPacket);
        return new SettingsComparison(scenario, versusLabel, List.copyOf(asGiven), List.copyOf(versus), cpuA, cpuV,
                100 * (cpuA / cpuV - 1), median(asGiven, BenchResult::mediaLoopBytesAllocatedPerEgressPacket),
                median(versus, BenchResult::mediaLoopBytesAllocatedPerEgressPacket));
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Settings as given vs with %s: %s, %d pairs, order alternating "
                + "(CPU: the server's per egress packet; loop: its media loop threads')%n", versusSettings, scenario,
                asGiven.size()));
        out.append(String.format(Locale.ROOT, "| %-7s | %-9s |", "Run", "Settings"));
        for (Figure f : FIGURES) {
            out.append(String.format(Locale.ROOT, " %14s |", f.name()));
        }
        out.append('\n').append("|---------|-----------|")
                .append("----------------|".repeat(FIGURES.length)).append('\n');
        for (int i = 0; i < asGiven.size(); i++) {
            row(out, "pair " + (i + 1), "as given", List.of(asGiven.get(i)));
            row(out, "pair " + (i + 1), "versus", List.of(versus.get(i)));
        }
        row(out, "median", "as given", asGiven);
        row(out, "median", "versus", versus);
        out.append(String.format(Locale.ROOT, "As given costs %+.1f %% CPU per egress packet against %s (median "
                + "%.2f vs %.2f µs), and %+.0f B of media loop heap per egress packet.%n", cpuChangePercent,
                versusSettings, medianCpuMicrosAsGiven, medianCpuMicrosVersus,
                medianAllocatedBytesAsGiven - medianAllocatedBytesVersus));
        return out.toString();
    }

    private static void row(StringBuilder out, String run, String settings, List<BenchResult> results) {
        out.append(String.format(Locale.ROOT, "| %-7s | %-9s |", run, settings));
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
        double[] values = results.stream().mapToDouble(figure).filter(Double::isFinite).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
