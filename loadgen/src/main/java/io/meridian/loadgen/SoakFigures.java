package io.meridian.loadgen;

import io.meridian.client.ApiClient;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the soak compares between its start and its end, read from the node's {@code /metrics} right after a full
 * garbage collection (jcmd GC.run), with nobody in any conference: heap after GC, the memory Netty's pools hold, the
 * JVM's direct buffers, threads, open file descriptors and resident set size, plus the participants and conferences
 * the node still counts.
 */
record SoakFigures(double heapAfterGcBytes, double bufferPoolBytes, double directBufferBytes, double threads,
                   double openFds, double rssBytes, double participants, double conferences) {

    static SoakFigures scrape(ApiClient api) throws IOException {
        String text = NodeMetrics.text(api, "/metrics");
        return new SoakFigures(
                NodeMetrics.sample(text, "jvm_memory_bytes_used{area=\"heap\",}", "jvm_memory_bytes_used{area=\"heap\"}"),
                NodeMetrics.sum(text, "meridian_buffer_pool_used_bytes{"),
                NodeMetrics.sample(text, "jvm_buffer_pool_used_bytes{pool=\"direct\",}",
                        "jvm_buffer_pool_used_bytes{pool=\"direct\"}"),
                NodeMetrics.sample(text, "jvm_threads_current"), NodeMetrics.sample(text, "process_open_fds"),
                NodeMetrics.sample(text, "process_resident_memory_bytes"),
                NodeMetrics.sample(text, "meridian_participants"), NodeMetrics.sample(text, "meridian_conferences"));
    }

    /** The figures by name, in the report's order. */
    Map<String, Double> named() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("heap after GC (bytes)", heapAfterGcBytes);
        out.put("Netty buffer pools (bytes)", bufferPoolBytes);
        out.put("JVM direct buffers (bytes)", directBufferBytes);
        out.put("threads", threads);
        out.put("open file descriptors", openFds);
        out.put("resident set size (bytes)", rssBytes);
        out.put("participants", participants);
        out.put("conferences", conferences);
        return out;
    }
}
