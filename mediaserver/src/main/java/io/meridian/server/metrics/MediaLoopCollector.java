package io.meridian.server.metrics;

import io.meridian.router.MediaCounters;
import io.meridian.server.transport.BatchDelayHistogram;
import io.meridian.server.transport.LoopCounters;
import io.meridian.server.transport.MediaLoop;
import io.meridian.server.transport.MediaLoops;
import io.meridian.server.transport.ReadOutcomes;
import io.meridian.server.transport.TransportCounters;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The media loops' threads and work, read when scraped (nothing on the packet path). CPU time and heap bytes
 * allocated come from the JVM's per-thread accounting: the node's totals (divided by
 * {@code meridian_rtp_packets_sent_total} they give the cost of a forwarded packet, which is what the benchmark
 * reports and what a capacity plan needs) and each loop's, with what it read, handed over and forwarded, and how
 * long it held packets.
 */
final class MediaLoopCollector extends Collector implements Collector.Describable {
    private final List<MediaLoop> loops;
    private final TransportCounters transport;
    private final List<MediaCounters> media;
    private final long[] threadIds;
    private final com.sun.management.ThreadMXBean threads;

    MediaLoopCollector(MediaLoops loops, List<MediaCounters> media) {
        this.loops = loops.loops();
        this.transport = loops.counters();
        this.media = List.copyOf(media);
        this.threadIds = loops.threadIds();
        this.threads = ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t ? t : null;
    }

    @Override
    public List<MetricFamilySamples> describe() {
        return collect();
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> families = new ArrayList<>();
        if (threads != null) {
            threadAccounting(families);
        }
        families.add(perLoop(new CounterMetricFamily("meridian_media_loop_datagrams_read_total",
                "Datagrams each media loop's socket read.", List.of("loop")), i -> counters(i).datagramsRead()));
        families.add(perLoop(new CounterMetricFamily("meridian_media_loop_handoffs_total",
                "Media datagrams a loop read for a participant of another loop's conference and passed on.",
                List.of("loop")), i -> counters(i).handedOff()));
        families.add(perLoop(new CounterMetricFamily("meridian_media_loop_handoff_drops_total",
                "Media datagrams a loop read that their conference's loop could not take (its ring was full).",
                List.of("loop")), i -> counters(i).handoffDropped()));
        families.add(perLoop(new CounterMetricFamily("meridian_media_loop_rtp_packets_sent_total",
                "RTP packets each media loop forwarded.", List.of("loop")), i -> media.get(i).packetsOut()));
        families.add(perLoop(new GaugeMetricFamily("meridian_media_loop_participants",
                "Participants whose conference lives on each media loop.", List.of("loop")),
                i -> loops.get(i).participants()));
        families.add(batchDelay());
        CounterMetricFamily outcomes = new CounterMetricFamily("meridian_packets_read_total",
                "Every UDP datagram and ICE-TCP frame the node read, once, by what became of it.",
                List.of("outcome"));
        ReadOutcomes.of(loops, transport).forEach((outcome, n) -> outcomes.addMetric(List.of(outcome), n));
        families.add(outcomes);
        return families;
    }

    private void threadAccounting(List<MetricFamilySamples> families) {
        long allocated = 0;
        long cpuNanos = 0;
        CounterMetricFamily cpuByLoop = new CounterMetricFamily("meridian_media_loop_thread_cpu_seconds_total",
                "CPU time (user + system) of each media loop's thread.", List.of("loop"));
        for (int i = 0; i < threadIds.length; i++) {
            allocated += Math.max(0, threads.getThreadAllocatedBytes(threadIds[i]));
            long cpu = Math.max(0, threads.getThreadCpuTime(threadIds[i]));
            cpuNanos += cpu;
            cpuByLoop.addMetric(List.of(Integer.toString(i)), cpu / 1e9);
        }
        families.add(new CounterMetricFamily("meridian_media_loop_allocated_bytes_total",
                "Heap bytes allocated by the media event loop threads.", allocated));
        families.add(new CounterMetricFamily("meridian_media_loop_cpu_seconds_total",
                "CPU time (user + system) of the media event loop threads.", cpuNanos / 1e9));
        families.add(cpuByLoop);
    }

    private LoopCounters counters(int loop) {
        return loops.get(loop).counters();
    }

    private <F extends MetricFamilySamples> F perLoop(F family, ToDoubleFunction<Integer> value) {
        for (int i = 0; i < loops.size(); i++) {
            double v = value.applyAsDouble(i);
            if (family instanceof CounterMetricFamily c) {
                c.addMetric(List.of(Integer.toString(i)), v);
            } else if (family instanceof GaugeMetricFamily g) {
                g.addMetric(List.of(Integer.toString(i)), v);
            }
        }
        return family;
    }

    private MetricFamilySamples batchDelay() {
        String name = "meridian_media_loop_batch_delay_seconds";
        List<MetricFamilySamples.Sample> samples = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            String loop = Integer.toString(i);
            BatchDelayHistogram h = counters(i).batchDelay();
            double[] bounds = h.boundsSeconds();
            long[] cumulative = h.cumulativeCounts();
            for (int b = 0; b < cumulative.length; b++) {
                String le = b < bounds.length ? Collector.doubleToGoString(bounds[b]) : "+Inf";
                samples.add(new MetricFamilySamples.Sample(name + "_bucket", List.of("loop", "le"), List.of(loop, le),
                        cumulative[b]));
            }
            samples.add(new MetricFamilySamples.Sample(name + "_count", List.of("loop"), List.of(loop),
                    cumulative[cumulative.length - 1]));
            samples.add(new MetricFamilySamples.Sample(name + "_sum", List.of("loop"), List.of(loop), h.sumSeconds()));
        }
        return new MetricFamilySamples(name, Type.HISTOGRAM, "meridian_media_batch_delay_seconds of each media loop.",
                samples);
    }
}
