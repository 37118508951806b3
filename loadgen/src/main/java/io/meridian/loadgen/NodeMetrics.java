package io.meridian.loadgen;

import io.meridian.client.ApiClient;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A scrape of the node's Prometheus text at {@code /metrics}: the sample values the bench reads (ingress, egress and
 * dropped packets, heap, threads). Label sets are matched literally, as the exposition format writes them.
 */
record NodeMetrics(double packetsSent, double packetsReceived, double packetsDropped, double heapUsedBytes,
                   double threads, double mediaLoopAllocatedBytes, double mediaLoopCpuSeconds,
                   BatchDelay batchDelay, java.util.Map<String, Double> featurePackets) {
    /** What the node's loss recovery and congestion control sent, by name in the bench's table: its own packets. */
    private static final java.util.Map<String, String> FEATURES = java.util.Map.of(
            "retransmitted", "meridian_retransmissions_total",
            "probes", "meridian_probe_packets_total",
            "transport-cc feedback", "meridian_transport_cc_feedback_sent_total",
            "upstream NACKs", "meridian_upstream_nacks_total");

    /** Only these samples are asked for ({@code name[]}), so a scrape skips the JVM collectors that walk threads. */
    private static final String QUERY = "/metrics?" + String.join("&", java.util.stream.Stream.of(
            "meridian_rtp_packets_sent_total", "meridian_rtp_packets_received_total",
            "meridian_media_packets_dropped_total", "jvm_memory_bytes_used", "jvm_threads_current",
            "meridian_media_loop_allocated_bytes_total", "meridian_media_loop_cpu_seconds_total",
            BatchDelay.NAME, "meridian_retransmissions_total", "meridian_probe_packets_total",
            "meridian_transport_cc_feedback_sent_total", "meridian_upstream_nacks_total")
            .map(name -> "name%5B%5D=" + name).toList());

    static NodeMetrics scrape(ApiClient api) throws IOException {
        String text = text(api, QUERY);
        return new NodeMetrics(sample(text, "meridian_rtp_packets_sent_total"),
                sample(text, "meridian_rtp_packets_received_total"), sum(text, "meridian_media_packets_dropped_total{"),
                sample(text, "jvm_memory_bytes_used{area=\"heap\",}", "jvm_memory_bytes_used{area=\"heap\"}"),
                sample(text, "jvm_threads_current"), sample(text, "meridian_media_loop_allocated_bytes_total"),
                sample(text, "meridian_media_loop_cpu_seconds_total"), BatchDelay.parse(text), features(text));
    }

    /** The body of {@code GET path} (a /metrics query). */
    static String text(ApiClient api, String path) throws IOException {
        ApiClient.Reply reply;
        try {
            reply = api.get(path);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (reply.status() != 200) {
            throw new IOException("GET " + path + " answered " + reply.status());
        }
        return reply.body();
    }

    private static java.util.Map<String, Double> features(String text) throws IOException {
        java.util.Map<String, Double> out = new java.util.TreeMap<>();
        for (java.util.Map.Entry<String, String> feature : FEATURES.entrySet()) {
            out.put(feature.getKey(), sample(text, feature.getValue()));
        }
        return out;
    }

    /** The sum of every labelled sample of one family (all reasons). */
    static double sum(String text, String prefix) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf('}') + 1).trim().split(" ")[0]);
            }
        }
        return total;
    }

    static double sample(String text, String... names) throws IOException {
        for (String line : text.split("\n")) {
            for (String name : names) {
                if (line.startsWith(name + " ")) {
                    return Double.parseDouble(line.substring(name.length() + 1).trim().split(" ")[0]);
                }
            }
        }
        throw new IOException("/metrics has no sample " + names[0]);
    }
}
