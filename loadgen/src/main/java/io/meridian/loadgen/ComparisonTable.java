package io.meridian.loadgen;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Meridian's and Janus's figures of one scenario side by side ({@code --target both}), with Janus's value divided
 * by Meridian's: above 1 means Janus needed more (CPU, latency, memory) or sent more. Both ran in a network
 * namespace of their own with the same options, one after the other, on the same machine.
 */
record ComparisonTable(BenchResult meridian, BenchResult janus, Map<String, Double> janusOverMeridian) {
    private record Figure(String name, String unit, ToDoubleFunction<BenchResult> value) {
    }

    private static final Figure[] FIGURES = {
        new Figure("server CPU per egress packet", "µs", BenchResult::cpuMicrosPerEgressPacket),
        new Figure("server CPU seconds (window)", "s", BenchResult::serverCpuSeconds),
        new Figure("egress packets/s", "", BenchResult::egressPacketsPerSecond),
        new Figure("ingress packets/s", "", BenchResult::ingressPacketsPerSecond),
        new Figure("one-way latency p50", "ms", BenchResult::latencyP50Millis),
        new Figure("one-way latency p99", "ms", BenchResult::latencyP99Millis),
        new Figure("one-way latency p99.9", "ms", BenchResult::latencyP999Millis),
        new Figure("loss", "%", r -> 100 * r.lossRatio()),
        new Figure("join time p50", "ms", BenchResult::joinP50Millis),
        new Figure("join time p99", "ms", BenchResult::joinP99Millis),
        new Figure("server CPU per storm join", "ms", BenchResult::stormServerCpuMillisPerJoin),
        new Figure("memory per participant (heap|RSS)", "KiB", r -> r.serverHeapBytesPerParticipant() / 1024),
        new Figure("server threads", "", r -> r.serverThreads()),
        new Figure("receivers with all media", "", r -> r.receiversWithAllMedia()),
        new Figure("join failures", "", r -> r.joinFailures()),
    };

    static ComparisonTable of(BenchResult meridian, BenchResult janus) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        for (Figure f : FIGURES) {
            ratios.put(f.name(), ratio(f.value().applyAsDouble(janus), f.value().applyAsDouble(meridian)));
        }
        return new ComparisonTable(meridian, janus, ratios);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Meridian vs Janus VideoRoom: %s (%s), %s, video %d kb/s, %d cores, "
                        + "%.1f s / %.1f s measured%n", meridian.scenario(), meridian.description(),
                meridian.srtpProfile(), meridian.videoKbps(), meridian.machineCores(), meridian.measuredSeconds(),
                janus.measuredSeconds()));
        out.append(String.format(Locale.ROOT, "| %-34s | %12s | %12s | %13s |%n", "Figure", "Meridian", "Janus",
                "Janus/Meridian"));
        out.append("|------------------------------------|--------------|--------------|----------------|\n");
        for (Figure f : FIGURES) {
            double m = f.value().applyAsDouble(meridian);
            double j = f.value().applyAsDouble(janus);
            out.append(String.format(Locale.ROOT, "| %-34s | %12s | %12s | %14s |%n", f.name(), value(m, f.unit()),
                    value(j, f.unit()), Double.isFinite(ratio(j, m))
                            ? String.format(Locale.ROOT, "%.2f x", ratio(j, m)) : "-"));
        }
        out.append("Memory: Meridian's is live JVM heap after a full GC, Janus's resident set size (no GC; "
                + "malloc may keep freed memory), each per participant (all joined minus all left).\n");
        return out.toString();
    }

    private static String value(double v, String unit) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        String number = Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
        return unit.isEmpty() ? number : number + " " + unit;
    }

    private static double ratio(double janus, double meridian) {
        return meridian == 0 || !Double.isFinite(meridian) || !Double.isFinite(janus) ? Double.NaN : janus / meridian;
    }
}
