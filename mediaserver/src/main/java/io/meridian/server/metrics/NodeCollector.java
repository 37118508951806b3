package io.meridian.server.metrics;

import io.meridian.router.DropReason;
import io.meridian.router.MediaCounters;
import io.meridian.server.ice.StunStatus;
import io.meridian.server.session.ConferenceManager;
import io.meridian.server.transport.TransportCounters;
import io.meridian.srtp.DtlsFailureReason;
import io.meridian.srtp.DtlsHandshakeCounters;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Reads the node's own counters when scraped: the packet path only ever adds to its plain counters, and this
 * collector turns them into metric families. Names follow the Prometheus conventions: {@code meridian_} prefix,
 * base units, {@code _total} for counters, reasons as labels.
 */
final class NodeCollector extends Collector implements Collector.Describable {
    /** STUN verdicts that are an ICE check failing; indications and non-requests are not checks. */
    static final List<StunStatus> ICE_FAILURES = List.of(StunStatus.ROLE_CONFLICT, StunStatus.BAD_REQUEST,
            StunStatus.UNKNOWN_USER, StunStatus.WRONG_REMOTE_UFRAG, StunStatus.BAD_INTEGRITY, StunStatus.MALFORMED);

    private final ConferenceManager manager;
    private final List<MediaCounters> media;
    private final TransportCounters transport;

    NodeCollector(ConferenceManager manager, List<MediaCounters> media, TransportCounters transport) {
        this.manager = manager;
        this.media = List.copyOf(media);
        this.transport = transport;
    }

    @Override
    public List<MetricFamilySamples> describe() {
        return collect();
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> families = new ArrayList<>();
        gauges(families);
        mediaCounters(families);
        transportCounters(families);
        batchDelay(families);
        dtlsCounters(families);
        return families;
    }

    private void gauges(List<MetricFamilySamples> families) {
        families.add(new GaugeMetricFamily("meridian_conferences",
                "Conferences in progress on this node.", manager.activeConferences()));
        families.add(new GaugeMetricFamily("meridian_participants",
                "Participants in all conferences on this node.", manager.activeParticipants()));
        GaugeMetricFamily byTransport = new GaugeMetricFamily("meridian_participants_by_transport",
                "Participants whose ICE check passed, by how they reach the node (udp; relay: through the TURN relay).",
                List.of("transport"));
        manager.participantsByTransport().forEach((transport, n) -> byTransport.addMetric(List.of(transport), n));
        families.add(byTransport);
        families.add(new GaugeMetricFamily("meridian_draining",
                "1 while the node is draining (takes no new conferences), else 0.", manager.draining() ? 1 : 0));
    }

    private void mediaCounters(List<MetricFamilySamples> families) {
        families.add(counter("meridian_rtp_packets_received_total",
                "RTP packets received, authenticated and accepted from participants.", MediaCounters::packetsIn));
        families.add(counter("meridian_rtp_bytes_received_total",
                "Bytes of RTP (after SRTP decryption) received from participants.", MediaCounters::bytesIn));
        families.add(counter("meridian_rtp_packets_sent_total",
                "RTP packets forwarded to participants.", MediaCounters::packetsOut));
        families.add(counter("meridian_rtp_bytes_sent_total",
                "Bytes of SRTP forwarded to participants.", MediaCounters::bytesOut));
        families.add(counter("meridian_rtcp_packets_received_total",
                "SRTCP packets received from participants.", MediaCounters::rtcpIn));
        families.add(counter("meridian_rtcp_packets_sent_total",
                "RTCP packets the node sent to participants.", MediaCounters::rtcpOut));
        families.add(counter("meridian_keyframe_requests_total",
                "Key frame requests (PLI/FIR) the node sent to publishers.", MediaCounters::keyframeRequests));
        families.add(counter("meridian_nacks_received_total",
                "Generic NACK packets (RFC 4585) received from participants.", MediaCounters::nacksReceived));
        families.add(counter("meridian_retransmissions_total",
                "Packets the node resent to a receiver from its cache (as RTX when negotiated).",
                MediaCounters::retransmissions));
        families.add(counter("meridian_retransmission_cache_misses_total",
                "NACKed packets the node's cache did not hold (asked of the publisher instead).",
                MediaCounters::cacheMisses));
        families.add(counter("meridian_upstream_nacks_total",
                "NACK packets the node sent to publishers.", MediaCounters::upstreamNacks));
        families.add(counter("meridian_transport_cc_feedback_sent_total",
                "Transport-cc feedback packets (draft-holmer-rmcat-transport-wide-cc-extensions-01) the node sent to "
                        + "publishers.", MediaCounters::transportFeedbacks));
        families.add(counter("meridian_probe_packets_total",
                "Packets the node resent as RTX only to probe receivers' downlinks (cc.probing).",
                MediaCounters::probePackets));
        families.add(counter("meridian_rtx_repairs_total",
                "Publishers' RTX packets taken back into their streams: losses repaired before any receiver saw them.",
                MediaCounters::repairs));
        families.add(counter("meridian_srtp_auth_failures_total",
                "SRTP/SRTCP packets dropped because authentication failed (also in "
                        + "meridian_media_packets_dropped_total{reason=\"srtp_auth_failed\"}).",
                c -> c.drops(DropReason.SRTP_AUTH_FAILED)));
        families.add(counter("meridian_srtp_replays_total",
                "SRTP/SRTCP packets dropped as replays (also in "
                        + "meridian_media_packets_dropped_total{reason=\"srtp_replayed\"}).",
                c -> c.drops(DropReason.SRTP_REPLAYED)));
        CounterMetricFamily dropped = new CounterMetricFamily("meridian_media_packets_dropped_total",
                "Media packets the router dropped, by reason.", List.of("reason"));
        for (DropReason reason : DropReason.values()) {
            dropped.addMetric(List.of(NodeMetrics.label(reason.name())), sum(c -> c.drops(reason)));
        }
        families.add(dropped);
    }

    private void batchDelay(List<MetricFamilySamples> families) {
        String name = "meridian_media_batch_delay_seconds";
        double[] bounds = transport.batchDelay().boundsSeconds();
        long[] cumulative = transport.batchDelay().cumulativeCounts();
        List<MetricFamilySamples.Sample> samples = new ArrayList<>();
        for (int i = 0; i < cumulative.length; i++) {
            String le = i < bounds.length ? Collector.doubleToGoString(bounds[i]) : "+Inf";
            samples.add(new MetricFamilySamples.Sample(name + "_bucket", List.of("le"), List.of(le), cumulative[i]));
        }
        samples.add(new MetricFamilySamples.Sample(name + "_count", List.of(), List.of(),
                cumulative[cumulative.length - 1]));
        samples.add(new MetricFamilySamples.Sample(name + "_sum", List.of(), List.of(),
                transport.batchDelay().sumSeconds()));
        families.add(new MetricFamilySamples(name, Type.HISTOGRAM, "How long the media loop held forwarded packets, "
                + "per flush: from the start of the read batch to the end of the flush; an upper bound of the "
                + "node's own forwarding delay for each packet in the flush.", samples));
    }

    private void transportCounters(List<MetricFamilySamples> families) {
        CounterMetricFamily dropped = new CounterMetricFamily("meridian_transport_datagrams_dropped_total",
                "Datagrams on the media port dropped before reaching a participant, by reason.", List.of("reason"));
        dropped.addMetric(List.of("unverified_source"), transport.unverifiedSource());
        dropped.addMetric(List.of("unknown_kind"), transport.unknownKind());
        dropped.addMetric(List.of("oversized"), transport.oversized());
        families.add(dropped);
        CounterMetricFamily tcpClosed = new CounterMetricFamily("meridian_tcp_connections_closed_total",
                "ICE-TCP connections the node closed for breaking its rules, by reason.", List.of("reason"));
        tcpClosed.addMetric(List.of("unchecked"), transport.tcpClosedUnchecked());
        tcpClosed.addMetric(List.of("oversized_frame"), transport.tcpClosedOversized());
        tcpClosed.addMetric(List.of("stalled_reader"), transport.tcpClosedStalled());
        families.add(tcpClosed);
        families.add(new CounterMetricFamily("meridian_tcp_write_queue_full_total",
                "Packets to ICE-TCP participants dropped because their connection's write queue was full (a reader "
                        + "that stopped reading).", transport.tcpWriteQueueFull()));
        families.add(new CounterMetricFamily("meridian_ice_checks_succeeded_total",
                "Authenticated ICE connectivity checks answered with success.", transport.stun(StunStatus.OK)));
        CounterMetricFamily failures = new CounterMetricFamily("meridian_ice_failures_total",
                "STUN messages on the media port refused as ICE checks, by reason.", List.of("reason"));
        for (StunStatus status : ICE_FAILURES) {
            failures.addMetric(List.of(NodeMetrics.label(status.name())), transport.stun(status));
        }
        families.add(failures);
    }

    private void dtlsCounters(List<MetricFamilySamples> families) {
        DtlsHandshakeCounters dtls = manager.dtlsCounters();
        families.add(new CounterMetricFamily("meridian_dtls_handshakes_succeeded_total",
                "DTLS handshakes completed.", dtls.succeeded()));
        CounterMetricFamily failed = new CounterMetricFamily("meridian_dtls_handshake_failures_total",
                "DTLS handshakes failed, by reason.", List.of("reason"));
        for (Map.Entry<DtlsFailureReason, Long> e : dtls.failedByReason().entrySet()) {
            failed.addMetric(List.of(NodeMetrics.label(e.getKey().name())), e.getValue());
        }
        families.add(failed);
        families.add(new CounterMetricFamily("meridian_dtls_datagrams_dropped_total",
                "Inbound DTLS datagrams dropped because a handshake's queue was full.", dtls.droppedDatagrams()));
    }

    private CounterMetricFamily counter(String name, String help, ToLongFunction<MediaCounters> read) {
        return new CounterMetricFamily(name, help, sum(read));
    }

    private double sum(ToLongFunction<MediaCounters> read) {
        long total = 0;
        for (MediaCounters c : media) {
            total += read.applyAsLong(c);
        }
        return total;
    }
}
