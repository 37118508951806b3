package io.meridian.server.metrics;

import io.meridian.router.MediaCounters;
import io.meridian.server.session.ConferenceManager;
import io.meridian.server.session.NodeEvents;
import io.meridian.server.transport.MediaLoops;
import io.netty.buffer.ByteBufAllocator;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.Locale;

/**
 * One node's metrics, in its own registry so that several nodes in one JVM (tests) never share a series. Join
 * stages and removals arrive as {@link NodeEvents} (off the packet path); everything the media path counts is read
 * only when scraped, by {@link NodeCollector}.
 */
public final class NodeMetrics implements NodeEvents {
    /** Join stages span a LAN join (milliseconds) to a slow DTLS handshake on a loaded node (seconds). */
    private static final double[] JOIN_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    /** Receivers' estimated downlinks, bits/s: from a phone on a poor link to a desktop on fibre. */
    private static final double[] BANDWIDTH_BUCKETS = {100e3, 250e3, 500e3, 750e3, 1e6, 1.5e6, 2.5e6, 5e6, 10e6, 25e6};
    /** Removal reasons the manager uses; pre-created so that their series exist (at 0) from the start. */
    private static final List<String> KNOWN_REMOVALS = List.of("left", "events_socket_closed",
            "ice_consent_expired", "dtls_failed", "conference_ended");
    private static final int MAX_REASON_LENGTH = 40;

    private final CollectorRegistry registry = new CollectorRegistry(true);
    private final Histogram joinStages;
    private final Counter removed;
    private final Histogram bandwidth;

    public NodeMetrics() {
        JvmCollectors.registerInto(registry);
        joinStages = Histogram.build()
                .name("meridian_join_stage_seconds")
                .help("Time from a join's offer arriving to each stage of the join: answer sent, ICE connected, "
                        + "DTLS done, first RTP packet forwarded to the participant.")
                .labelNames("stage")
                .buckets(JOIN_BUCKETS)
                .register(registry);
        for (JoinStage stage : JoinStage.values()) {
            joinStages.labels(label(stage.name()));
        }
        removed = Counter.build()
                .name("meridian_participants_removed_total")
                .help("Participants removed from their conference, by reason.")
                .labelNames("reason")
                .register(registry);
        for (String reason : KNOWN_REMOVALS) {
            removed.labels(reason);
        }
        bandwidth = Histogram.build()
                .name("meridian_receiver_bandwidth_estimate_bits")
                .help("The node's send-side estimates of receivers' downlinks (bits/s, from their transport-cc "
                        + "feedback), one observation per update.")
                .buckets(BANDWIDTH_BUCKETS)
                .register(registry);
    }

    /** Starts exporting what the node's parts count; called once the manager exists. */
    public void watch(ConferenceManager manager, List<MediaCounters> media, MediaLoops loops,
                      ByteBufAllocator packetBuffers) {
        registry.register(new NodeCollector(manager, media, loops.counters()));
        registry.register(new MediaLoopCollector(loops, media));
        registry.register(new BufferPoolCollector(packetBuffers));
    }

    public CollectorRegistry registry() {
        return registry;
    }

    /** The registry in the Prometheus text format 0.0.4. */
    public String scrape() {
        return scrape(Set.of());
    }

    /**
     * Only the samples named in {@code names} (all when empty), as Prometheus's {@code name[]} parameter asks: a
     * poller that wants a few counters then skips the JVM collectors that walk every thread.
     */
    public String scrape(Set<String> names) {
        StringWriter out = new StringWriter(16 * 1024);
        try {
            TextFormat.write004(out, names.isEmpty() ? registry.metricFamilySamples()
                    : registry.filteredMetricFamilySamples(names));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public void joinStage(JoinStage stage, double seconds) {
        joinStages.labels(label(stage.name())).observe(seconds);
    }

    @Override
    public void bandwidthEstimated(long bps) {
        bandwidth.observe(bps);
    }

    @Override
    public void participantRemoved(String reason) {
        removed.labels(reasonLabel(reason)).inc();
    }

    static String label(String enumName) {
        return enumName.toLowerCase(Locale.ROOT);
    }

    /**
     * A bounded label value from a free-form reason: its first word ("dtls_failed: TIMEOUT: ..." counts as
     * {@code dtls_failed}), so details never create new series.
     */
    static String reasonLabel(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        String word = reason.split("[:\\s]", 2)[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (word.isEmpty()) {
            return "unknown";
        }
        return word.length() > MAX_REASON_LENGTH ? word.substring(0, MAX_REASON_LENGTH) : word;
    }
}
