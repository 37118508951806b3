package io.meridian.server.metrics;

import io.meridian.rtp.testing.LeakGuard;
import io.meridian.server.MeridianServer;
import io.meridian.server.config.ConfigLoader;
import io.meridian.client.ApiClient;
import io.meridian.client.PeerSdp;
import io.meridian.server.peer.Poll;
import io.meridian.server.peer.TestPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /metrics} is well-formed Prometheus text with every documented family, and the families move when
 * test peers join, send media (good, tampered and replayed), leave, and when the node drains.
 */
@ExtendWith(LeakGuard.class)
@Timeout(120)
class MetricsEndpointTest {
    /** Every family the README documents, by its TYPE name (counters carry their _total in 0.0.4 text). */
    static final Map<String, String> REQUIRED = Map.ofEntries(
            Map.entry("meridian_conferences", "gauge"),
            Map.entry("meridian_participants", "gauge"),
            Map.entry("meridian_participants_by_transport", "gauge"),
            Map.entry("meridian_tcp_connections_closed_total", "counter"),
            Map.entry("meridian_tcp_write_queue_full_total", "counter"),
            Map.entry("meridian_draining", "gauge"),
            Map.entry("meridian_participants_removed_total", "counter"),
            Map.entry("meridian_join_stage_seconds", "histogram"),
            Map.entry("meridian_rtp_packets_received_total", "counter"),
            Map.entry("meridian_rtp_bytes_received_total", "counter"),
            Map.entry("meridian_rtp_packets_sent_total", "counter"),
            Map.entry("meridian_rtp_bytes_sent_total", "counter"),
            Map.entry("meridian_rtcp_packets_received_total", "counter"),
            Map.entry("meridian_rtcp_packets_sent_total", "counter"),
            Map.entry("meridian_keyframe_requests_total", "counter"),
            Map.entry("meridian_srtp_auth_failures_total", "counter"),
            Map.entry("meridian_srtp_replays_total", "counter"),
            Map.entry("meridian_media_packets_dropped_total", "counter"),
            Map.entry("meridian_transport_datagrams_dropped_total", "counter"),
            Map.entry("meridian_ice_checks_succeeded_total", "counter"),
            Map.entry("meridian_ice_failures_total", "counter"),
            Map.entry("meridian_dtls_handshakes_succeeded_total", "counter"),
            Map.entry("meridian_dtls_handshake_failures_total", "counter"),
            Map.entry("meridian_dtls_datagrams_dropped_total", "counter"),
            Map.entry("meridian_nacks_received_total", "counter"),
            Map.entry("meridian_receiver_bandwidth_estimate_bits", "histogram"),
            Map.entry("meridian_retransmissions_total", "counter"),
            Map.entry("meridian_retransmission_cache_misses_total", "counter"),
            Map.entry("meridian_upstream_nacks_total", "counter"),
            Map.entry("meridian_transport_cc_feedback_sent_total", "counter"),
            Map.entry("meridian_rtx_repairs_total", "counter"),
            Map.entry("meridian_media_loop_thread_cpu_seconds_total", "counter"),
            Map.entry("meridian_media_loop_datagrams_read_total", "counter"),
            Map.entry("meridian_media_loop_handoffs_total", "counter"),
            Map.entry("meridian_media_loop_handoff_drops_total", "counter"),
            Map.entry("meridian_media_loop_rtp_packets_sent_total", "counter"),
            Map.entry("meridian_media_loop_participants", "gauge"),
            Map.entry("meridian_media_loop_batch_delay_seconds", "histogram"),
            Map.entry("meridian_media_loop_allocated_bytes_total", "counter"),
            Map.entry("meridian_media_loop_cpu_seconds_total", "counter"),
            Map.entry("meridian_media_batch_delay_seconds", "histogram"),
            // JVM (simpleclient_hotspot)
            Map.entry("process_cpu_seconds_total", "counter"),
            Map.entry("jvm_memory_bytes_used", "gauge"),
            Map.entry("jvm_threads_current", "gauge"),
            Map.entry("jvm_gc_collection_seconds", "summary"),
            Map.entry("jvm_classes_currently_loaded", "gauge"),
            Map.entry("jvm_info", "gauge"));
    private static final List<String> STAGES = List.of("answered", "ice_connected", "dtls_connected",
            "first_rtp_forwarded");

    private MeridianServer server;
    private ApiClient api;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(15)).build();
    private final List<TestPeer> peers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = MeridianServer.start(ConfigLoader.load(
                List.of("--dev", "--http-port", "0", "--media-port", "0"), Map.of()));
        api = ApiClient.onLoopback(server.httpPort());
    }

    @AfterEach
    void stop() {
        try {
            for (TestPeer peer : peers) {
                peer.close();
            }
        } finally {
            server.close();
        }
    }

    @Test
    void exposesWellFormedTextWithEveryRequiredFamily() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElse(null));
        PrometheusText text = PrometheusText.parse(response.body());
        for (Map.Entry<String, String> required : REQUIRED.entrySet()) {
            PrometheusText.Family family = text.family(required.getKey());
            assertTrue(family != null, "family " + required.getKey() + " missing; have " + text.familyNames());
            assertEquals(required.getValue(), family.type(), required.getKey());
            assertTrue(family.help() != null && !family.help().isBlank(), "HELP of " + required.getKey());
        }
        for (String name : text.familyNames()) {
            assertTrue(name.startsWith("meridian_") || name.startsWith("jvm_") || name.startsWith("process_"),
                    "unexpected family " + name);
        }
        assertEquals(0, text.value("meridian_conferences"));
        assertEquals(0, text.value("meridian_participants"));
        assertEquals(0, text.value("meridian_draining"));
        for (String stage : STAGES) {
            assertEquals(0, text.value("meridian_join_stage_seconds_count", "stage", stage), stage);
        }
        for (String reason : List.of("role_conflict", "bad_request", "unknown_user", "wrong_remote_ufrag",
                "bad_integrity", "malformed")) {
            assertEquals(0, text.value("meridian_ice_failures_total", "reason", reason), reason);
        }
        for (String reason : List.of("fingerprint_mismatch", "no_peer_certificate", "no_common_srtp_profile",
                "timeout", "peer_alert", "protocol_error", "overloaded", "internal_error")) {
            assertEquals(0, text.value("meridian_dtls_handshake_failures_total", "reason", reason), reason);
        }
    }

    @Test
    void countersAndGaugesMoveWhenPeersJoinSendMediaAndLeave() throws Exception {
        PrometheusText before = scrape();

        TestPeer a = join("metrics", "alice");
        TestPeer b = join("metrics", "bob");
        a.awaitAnsweredOfferWith(b);
        b.awaitAnsweredOfferWith(a);
        PrometheusText joined = scrape();
        assertEquals(1, joined.value("meridian_conferences"));
        assertEquals(2, joined.value("meridian_participants"));
        assertTrue(joined.value("meridian_ice_checks_succeeded_total") >= 2, "one nominating check per peer");
        assertEquals(2, joined.value("meridian_dtls_handshakes_succeeded_total"));

        a.sendUntilReceived(b, a.identity().audioSsrc(), 1000, PeerSdp.OPUS_PT, "from alice");
        b.sendUntilReceived(a, b.identity().videoSsrc(), 2000, PeerSdp.VP8_PT, "from bob");

        // One tampered packet (last byte of the authentication tag flipped) and one replayed packet from alice.
        byte[] tampered = a.protectRtp(a.identity().audioSsrc(), 30_000, PeerSdp.OPUS_PT, "tampered");
        tampered[tampered.length - 1] ^= 0x01;
        a.sendRaw(tampered);
        byte[] original = a.sendRtp(a.identity().audioSsrc(), 30_001, PeerSdp.OPUS_PT, "original");
        a.sendRaw(original);
        // A STUN check with a broken FINGERPRINT: refused as malformed, an ICE-side failure.
        byte[] badCheck = a.bindingRequest(false);
        badCheck[badCheck.length - 1] ^= 0x01;
        a.sendRaw(badCheck);
        // The node handles one address's datagrams in order: once this check is answered, all of the above is.
        a.consentCheck();

        awaitMetric("every join stage counted for both peers", m -> STAGES.stream()
                .allMatch(stage -> m.value("meridian_join_stage_seconds_count", "stage", stage) >= 2));
        PrometheusText media = scrape();
        for (String counter : List.of("meridian_rtp_packets_received_total", "meridian_rtp_bytes_received_total",
                "meridian_rtp_packets_sent_total", "meridian_rtp_bytes_sent_total",
                "meridian_media_loop_allocated_bytes_total", "meridian_media_loop_cpu_seconds_total")) {
            assertTrue(media.value(counter) > before.value(counter), counter + " moved");
        }
        assertTrue(media.value("meridian_rtp_bytes_received_total")
                >= 12 * media.value("meridian_rtp_packets_received_total"), "bytes include RTP headers");
        assertEquals(1, media.value("meridian_srtp_auth_failures_total"));
        assertEquals(1, media.value("meridian_srtp_replays_total"));
        assertEquals(1, media.value("meridian_media_packets_dropped_total", "reason", "srtp_auth_failed"));
        assertEquals(1, media.value("meridian_media_packets_dropped_total", "reason", "srtp_replayed"));
        assertEquals(1, media.value("meridian_ice_failures_total", "reason", "malformed"));
        assertTrue(media.value("meridian_media_batch_delay_seconds_count")
                > before.value("meridian_media_batch_delay_seconds_count"), "read batches timed");
        assertEquals(media.value("meridian_media_batch_delay_seconds_count"),
                media.value("meridian_media_batch_delay_seconds_bucket", "le", "+Inf"));
        for (String stage : STAGES) {
            double sum = media.value("meridian_join_stage_seconds_sum", "stage", stage);
            assertTrue(sum >= 0 && media.value("meridian_join_stage_seconds_bucket", "stage", stage, "le", "+Inf")
                    == media.value("meridian_join_stage_seconds_count", "stage", stage), stage);
        }

        assertEquals(204, a.leave());
        assertEquals(204, b.leave());
        awaitMetric("both removals counted and the conference ended", m ->
                m.value("meridian_participants_removed_total", "reason", "left") == 2
                        && m.value("meridian_participants") == 0 && m.value("meridian_conferences") == 0);
    }

    @Test
    void nameParametersSelectSamplesAsPrometheusClientsDo() throws Exception {
        HttpResponse<String> response = get("/metrics?name[]=meridian_participants&name[]=jvm_threads_current"
                + "&name[]=meridian_media_batch_delay_seconds_count");
        assertEquals(200, response.statusCode(), response.body());
        PrometheusText only = PrometheusText.parse(response.body());
        assertEquals(Set.of("meridian_participants", "jvm_threads_current", "meridian_media_batch_delay_seconds"),
                only.familyNames(), response.body());
        assertEquals(0, only.value("meridian_participants"));
        assertTrue(only.value("jvm_threads_current") > 0);
    }

    @Test
    void drainingGaugeFlipsWhenTheNodeDrains() throws Exception {
        assertEquals(0, scrape().value("meridian_draining"));
        server.conferences().drain();
        assertEquals(1, scrape().value("meridian_draining"));
    }

    private TestPeer join(String conference, String label) {
        TestPeer peer = TestPeer.join(api, conference, label);
        peers.add(peer);
        return peer;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusText scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode(), response.body());
        return PrometheusText.parse(response.body());
    }

    /** Join stages after the answer are reported by the node's 100 ms scan, so they appear shortly after. */
    private void awaitMetric(String what, Predicate<PrometheusText> condition) {
        Poll.until(what, () -> {
            PrometheusText m = scrape();
            return condition.test(m) ? null : "not yet";
        });
    }
}
