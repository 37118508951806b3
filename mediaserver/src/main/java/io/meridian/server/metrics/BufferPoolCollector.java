package io.meridian.server.metrics;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocatorMetric;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;

import java.util.ArrayList;
import java.util.List;

/**
 * The memory Netty's pooled allocators hold, read when scraped: the node's media allocator (packet copies, the
 * retransmission cache's work, sealed datagrams) and Netty's default one (sockets' own reads and writes). A pool keeps
 * the chunks it once needed, so its size is a high-water mark: after a load has come and gone it stays where it was,
 * and a leak shows as a pool that keeps growing from one load to the next. {@code jvm_buffer_pool_used_bytes} does
 * not see this memory: Netty allocates its direct chunks itself.
 */
final class BufferPoolCollector extends Collector implements Collector.Describable {
    private final PooledByteBufAllocatorMetric media;
    private final PooledByteBufAllocatorMetric sockets = PooledByteBufAllocator.DEFAULT.metric();

    BufferPoolCollector(ByteBufAllocator media) {
        this.media = media instanceof PooledByteBufAllocator pooled ? pooled.metric() : null;
    }

    @Override
    public List<MetricFamilySamples> describe() {
        return collect();
    }

    @Override
    public List<MetricFamilySamples> collect() {
        GaugeMetricFamily used = new GaugeMetricFamily("meridian_buffer_pool_used_bytes",
                "Memory held by Netty's pooled allocators, by allocator (media: the node's packet buffers; sockets: "
                        + "Netty's default) and kind.", List.of("allocator", "kind"));
        if (media != null) {
            used.addMetric(List.of("media", "heap"), media.usedHeapMemory());
            used.addMetric(List.of("media", "direct"), media.usedDirectMemory());
        }
        used.addMetric(List.of("sockets", "heap"), sockets.usedHeapMemory());
        used.addMetric(List.of("sockets", "direct"), sockets.usedDirectMemory());
        List<MetricFamilySamples> out = new ArrayList<>();
        out.add(used);
        return out;
    }
}
