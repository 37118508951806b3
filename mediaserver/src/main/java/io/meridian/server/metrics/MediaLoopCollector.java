package io.meridian.server.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and heap bytes allocated by the media event loop thread, read from the JVM's per-thread accounting when
 * scraped (nothing on the packet path). Divided by {@code meridian_rtp_packets_sent_total} they give the cost of a
 * forwarded packet on the live node, which is what the benchmark reports and what a capacity plan needs.
 */
final class MediaLoopCollector extends Collector implements Collector.Describable {
    private final long threadId;
    private final com.sun.management.ThreadMXBean threads;

    MediaLoopCollector(long threadId) {
        this.threadId = threadId;
        this.threads = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t ? t : null;
    }

    @Override
    public List<MetricFamilySamples> describe() {
        return collect();
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> families = new ArrayList<>();
        if (threads == null) {
            return families; // Not a HotSpot-style JVM: no per-thread accounting to report.
        }
        long allocated = threads.getThreadAllocatedBytes(threadId);
        long cpuNanos = threads.getThreadCpuTime(threadId);
        if (allocated >= 0) {
            families.add(new CounterMetricFamily("meridian_media_loop_allocated_bytes_total",
                    "Heap bytes allocated by the media event loop thread.", allocated));
        }
        if (cpuNanos >= 0) {
            families.add(new CounterMetricFamily("meridian_media_loop_cpu_seconds_total",
                    "CPU time (user + system) of the media event loop thread.", cpuNanos / 1e9));
        }
        return families;
    }
}
