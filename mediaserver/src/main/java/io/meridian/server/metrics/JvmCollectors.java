package io.meridian.server.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.BufferPoolsExports;
import io.prometheus.client.hotspot.ClassLoadingExports;
import io.prometheus.client.hotspot.GarbageCollectorExports;
import io.prometheus.client.hotspot.MemoryAllocationExports;
import io.prometheus.client.hotspot.MemoryPoolsExports;
import io.prometheus.client.hotspot.StandardExports;
import io.prometheus.client.hotspot.ThreadExports;
import io.prometheus.client.hotspot.VersionInfoExports;

import java.util.List;

/**
 * The hotspot exporters ({@code jvm_*}, {@code process_*}), created once per JVM and registered into each node's
 * registry. One set is enough because they describe the JVM, not a node; and {@link MemoryAllocationExports}
 * subscribes to GC notifications when created, so creating one per node would leak a listener per node started.
 * Same set as {@code DefaultExports.register}.
 */
final class JvmCollectors {
    private static final class Holder {
        static final List<Collector> ALL = List.of(new StandardExports(), new MemoryPoolsExports(),
                new MemoryAllocationExports(), new BufferPoolsExports(), new GarbageCollectorExports(),
                new ThreadExports(), new ClassLoadingExports(), new VersionInfoExports());
    }

    private JvmCollectors() {
    }

    static void registerInto(CollectorRegistry registry) {
        for (Collector collector : Holder.ALL) {
            registry.register(collector);
        }
    }
}
