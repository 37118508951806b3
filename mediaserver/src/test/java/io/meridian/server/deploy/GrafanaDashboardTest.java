package io.meridian.server.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.server.MeridianServer;
import io.meridian.server.config.MeridianConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard shipped with the chart ({@code helm/meridian/dashboards/meridian.json}) queries only metrics
 * a running node exposes: every metric name in every PromQL {@code expr} (and in the template variables' queries) is
 * a sample name in a live node's {@code GET /metrics}, and every label equality it filters on ({@code stage="answered"},
 * {@code area="heap"}...) matches a sample there.
 */
@Timeout(120)
class GrafanaDashboardTest {
    static final Path DASHBOARD = DockerImageFiles.ROOT.resolve("helm/meridian/dashboards/meridian.json");

    /** PromQL words that are not metric names: aggregations, keywords, and functions (followed by '(' anyway). */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern EQUALITY = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"([^\"$]*)\"");

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyMetricTheDashboardQueriesExistsInARunningNode() throws Exception {
        JsonNode dashboard = json.readTree(DASHBOARD.toFile());
        List<String> expressions = expressions(dashboard);
        assertTrue(expressions.size() >= 20, "the dashboard has too few queries: " + expressions);

        MeridianServer server = MeridianServer.start(MeridianConfig.devOnLoopback());
        String text;
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            text = response.body();
        } finally {
            server.close();
        }
        Map<String, List<Map<String, String>>> samples = samples(text);

        Set<String> queried = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        for (String expr : expressions) {
            Set<String> names = metricNames(expr);
            assertFalse(names.isEmpty(), "no metric name found in " + expr);
            for (String name : names) {
                queried.add(name);
                if (!samples.containsKey(name)) {
                    missing.add(name + " (in " + expr + ")");
                }
            }
            Matcher m = SELECTOR.matcher(expr);
            while (m.find()) {
                Map<String, String> wanted = new HashMap<>();
                Matcher eq = EQUALITY.matcher(m.group(2));
                while (eq.find()) {
                    wanted.put(eq.group(1), eq.group(2));
                }
                List<Map<String, String>> series = samples.getOrDefault(m.group(1), List.of());
                if (!wanted.isEmpty() && series.stream().noneMatch(l -> l.entrySet().containsAll(wanted.entrySet()))) {
                    missing.add(m.group(1) + " with " + wanted + " (in " + expr + ")");
                }
            }
        }
        assertTrue(missing.isEmpty(), "the dashboard queries what /metrics lacks: " + missing);
        // The issue's panels: calls, media, join latency, ICE/DTLS failures, drain, JVM.
        for (String name : List.of("meridian_conferences", "meridian_participants", "meridian_participants_removed_total",
                "meridian_rtp_packets_received_total", "meridian_rtp_bytes_sent_total",
                "meridian_media_packets_dropped_total", "meridian_srtp_auth_failures_total", "meridian_srtp_replays_total",
                "meridian_keyframe_requests_total", "meridian_join_stage_seconds_bucket",
                "meridian_ice_failures_total", "meridian_dtls_handshake_failures_total", "meridian_draining",
                "jvm_memory_bytes_used", "jvm_gc_collection_seconds_sum", "jvm_threads_current")) {
            assertTrue(queried.contains(name), "the dashboard has no panel on " + name);
        }
        assertTrue(expressions.stream().anyMatch(e -> e.startsWith("histogram_quantile(0.95")
                && e.contains("meridian_join_stage_seconds_bucket") && e.contains("stage")), "join stage p95");
    }

    @Test
    void theDashboardHasADataSourceAndRegionAndInstanceSelectors() throws Exception {
        JsonNode dashboard = json.readTree(DASHBOARD.toFile());
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            variables.put(v.path("name").asText(), v);
        }
        assertEquals("datasource", variables.get("datasource").path("type").asText());
        assertEquals("prometheus", variables.get("datasource").path("query").asText());
        assertTrue(variables.containsKey("region") && variables.containsKey("instance"), variables.keySet().toString());
        Set<String> uids = new HashSet<>();
        for (JsonNode panel : allPanels(dashboard)) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertEquals("${datasource}", panel.path("datasource").path("uid").asText(), panel.path("title").asText());
            assertTrue(uids.add(panel.path("id").asText()), "duplicate panel id " + panel.path("id"));
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertEquals("${datasource}", target.path("datasource").path("uid").asText(), expr);
                assertTrue(expr.contains("instance=~\"$instance\"") && expr.contains("region=~\"$region\""),
                        "every query follows the selectors: " + expr);
            }
        }
    }

    /** Every panel's target expr, and the template variables' label_values(...) queries. */
    private static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : allPanels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    expressions.add(target.get("expr").asText());
                }
            }
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                JsonNode q = v.path("query");
                String query = q.isObject() ? q.path("query").asText() : q.asText();
                Matcher m = Pattern.compile("label_values\\((.*),\\s*[a-zA-Z_]+\\)").matcher(query);
                assertTrue(m.matches(), "variable query " + query);
                expressions.add(m.group(1));
            }
        }
        return expressions;
    }

    private static List<JsonNode> allPanels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add); // collapsed rows nest their panels
        }
        return panels;
    }

    /**
     * The metric names of a PromQL expression: identifiers left after dropping string literals, label matchers,
     * range/subquery brackets, by/without label lists, function calls and keywords.
     */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group();
            int after = m.end();
            while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
                after++;
            }
            boolean call = after < s.length() && s.charAt(after) == '(';
            boolean number = m.start() > 0 && (Character.isDigit(s.charAt(m.start() - 1)) || s.charAt(m.start() - 1) == '.');
            if (!call && !number && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** Sample name -> the label sets of its samples, from Prometheus text format 0.0.4. */
    private static Map<String, List<Map<String, String>>> samples(String text) {
        Pattern sample = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? \\S+.*");
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
        Map<String, List<Map<String, String>>> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = sample.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            Map<String, String> labels = new HashMap<>();
            if (m.group(2) != null) {
                Matcher l = label.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(labels);
        }
        return samples;
    }
}
