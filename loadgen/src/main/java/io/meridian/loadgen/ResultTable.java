package io.meridian.loadgen;

import java.util.Locale;
import java.util.Map;

/** The human-readable table of a {@link BenchResult}. */
final class ResultTable {
    private ResultTable() {
    }

    static String render(BenchResult r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Meridian bench, target %s: %s (%s), %s, video %d kb/s, %d cores, "
                + "%.1f s measured%n", r.target(), r.scenario(), r.description(), r.srtpProfile(), r.videoKbps(),
                r.machineCores(), r.measuredSeconds()));
        row(out, "Figure", "Value");
        out.append("|------------------------------------|--------------------------------|\n");
        row(out, "server CPU per egress packet", fmt("%.2f µs", r.cpuMicrosPerEgressPacket()));
        row(out, "  of which the media loop thread", fmt("%.2f µs", r.mediaLoopCpuMicrosPerEgressPacket()));
        row(out, "media loop heap allocated / packet", fmt("%.0f B", r.mediaLoopBytesAllocatedPerEgressPacket()));
        row(out, "egress packets/s", fmt("%.0f", r.egressPacketsPerSecond()));
        row(out, "ingress packets/s", fmt("%.0f", r.ingressPacketsPerSecond()));
        row(out, "one-way latency p50 / p99 / p99.9", fmt("%.2f / %.2f / %.2f ms", r.latencyP50Millis(),
                r.latencyP99Millis(), r.latencyP999Millis()));
        row(out, "node batch delay p50 / p99", fmt("%.3f / %.3f ms", r.nodeBatchDelayP50Millis(),
                r.nodeBatchDelayP99Millis()));
        row(out, "loss", fmt("%d of %d (%.3f %%)", r.lostPackets(), r.expectedPackets(), 100 * r.lossRatio()));
        row(out, "reordered packets", Long.toString(r.reorderedPackets()));
        row(out, "join time p50 / p99", fmt("%.0f / %.0f ms (n=%d)", r.joinP50Millis(), r.joinP99Millis(),
                r.joinSamples()));
        if (!Double.isNaN(r.stormServerCpuMillisPerJoin())) {
            row(out, "CPU per storm join, server / generator", fmt("%.1f / %.1f ms",
                    r.stormServerCpuMillisPerJoin(), r.stormGeneratorCpuMillisPerJoin()));
            row(out, "server CPU per storm join by thread (ms)", top(r.stormServerCpuMillisPerJoinByThread(), "%.2f"));
        }
        if (!r.joinPhaseMedianMillis().isEmpty()) {
            StringBuilder phases = new StringBuilder();
            r.joinPhaseMedianMillis().forEach((name, ms) -> phases.append(phases.length() == 0 ? "" : ", ")
                    .append(name).append(' ').append(fmt("%.0f", ms)));
            row(out, "join phases p50 (ms)", phases.toString());
        }
        row(out, "server heap per participant", fmt("%.0f KiB%s", r.serverHeapBytesPerParticipant() / 1024,
                r.heapAfterFullGc() ? "" : " (no GC)"));
        row(out, "server threads", Integer.toString(r.serverThreads()));
        row(out, "server CPU by thread (% of a core)", top(r.serverCpuPercentByThread(), "%.0f"));
        row(out, "server CPU / egress packets", fmt("%.2f s / %d (%.0f %% of one core)", r.serverCpuSeconds(),
                r.egressPackets(), 100 * r.serverCpuSeconds() / r.measuredSeconds()));
        row(out, "receivers with all media", fmt("%d of %d", r.receiversWithAllMedia(), r.receivers()));
        row(out, "join failures / signalling problems", fmt("%d / %d", r.joinFailures(), r.signallingProblems()));
        row(out, "undecryptable packets received", Long.toString(r.undecryptablePackets()));
        row(out, "load generator send failures", Long.toString(r.loadgenSendFailures()));
        row(out, "node-dropped packets (window)", Long.toString(r.nodeDroppedPackets()));
        if (!r.nodeFeaturePackets().isEmpty()) {
            row(out, "node feature packets (window)", r.nodeFeaturePackets().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", ")));
        }
        row(out, "kernel UDP buffer drops (machine)", Long.toString(r.kernelUdpBufferDrops()));
        SimulcastFigures s = r.simulcast();
        if (s != null) {
            row(out, "simulcast: on the layer asked for", fmt("%d of %d tracks", s.onWishedLayer(), s.pairs()));
            row(out, "  tracks ending on layer", layers(s.pairsByLayer()));
            row(out, "  packets received by layer", layers(s.packetsByLayer()));
            row(out, "  layer switches", Long.toString(s.switches()));
        }
        return out.toString();
    }

    private static String layers(java.util.Map<String, Long> byRid) {
        return byRid.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "| %-34s | %30s |%n", name, value));
    }

    /** "n/a" for a figure the target does not report (NaN: Janus has no media loop or batch delay metric). */
    private static String fmt(String format, Object... args) {
        for (Object arg : args) {
            if (arg instanceof Double d && d.isNaN()) {
                return "n/a";
            }
        }
        return String.format(Locale.ROOT, format, args);
    }

    /** The six largest thread groups and their figures, largest first. */
    private static String top(Map<String, Double> byThread, String format) {
        StringBuilder out = new StringBuilder();
        byThread.entrySet().stream().limit(6).forEach(e -> out.append(out.length() == 0 ? "" : ", ")
                .append(e.getKey()).append(' ').append(fmt(format, e.getValue())));
        return out.toString();
    }
}
