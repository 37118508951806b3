package io.meridian.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad values fail with the schema's (or the chart's) message, and the chart sets only real node settings. */
class HelmValuesValidationTest {

    @TempDir
    Path tmp;

    // ---- bad values ----

    @Test
    void regionWithoutNameFailsWithTheSchemaMessage() throws IOException {
        assertRejected("regions: [{replicas: 1}]", "name");
    }

    @Test
    void negativeReplicasFailWithTheSchemaMessage() throws IOException {
        assertRejected("regions: [{name: eu-west, replicas: -1}]", "replicas", "minimum");
    }

    @Test
    void udpPortOutOfRangeFailsWithTheSchemaMessage() throws IOException {
        assertRejected("media: {port: 70000}", "/media/port", "maximum");
    }

    @Test
    void valuesTheSchemaCannotExpressFailWithTheChartsMessage() throws IOException {
        RenderedChart.assertTemplateFails(RenderedChart.write(tmp, "noredis.yaml", "regions: [{name: a, replicas: 2}]"), "needs a shared Redis");
        RenderedChart.assertTemplateFails(RenderedChart.write(tmp, "tgps.yaml", "terminationGracePeriodSeconds: 60"), "terminationGracePeriodSeconds (60)");
        RenderedChart.assertTemplateFails(RenderedChart.write(tmp, "dup.yaml", "regions: [{name: a, replicas: 1}, {name: a, replicas: 0}]\nredis: {url: redis://r:6379}"),
                "appears twice");
    }

    /** Both helm template and helm lint (on a copy of the chart with these values) fail, naming the schema's rule. */
    private void assertRejected(String valuesYaml, String... expected) throws IOException {
        Path values = RenderedChart.write(tmp, "bad.yaml", valuesYaml);
        String message = RenderedChart.assertTemplateFails(values, expected);
        assertTrue(message.contains("schema"), message);

        LintResult lint = new Helm(RenderedChart.chartCopyWithValues(tmp, values)).lint().call();
        assertTrue(lint.isFailed(), "lint should fail for: " + valuesYaml);
        String all = String.join("\n", lint.getMessages());
        for (String e : expected) {
            assertTrue(all.contains(e), () -> "lint messages lack '" + e + "': " + all);
        }
    }

    // ---- the settings ----

    @Test
    void everyMeridianVariableTheChartSetsIsARealSetting() throws IOException {
        Set<String> settings = readmeSettings();
        assertTrue(settings.contains("MERIDIAN_MEDIA_PORT") && settings.size() > 20, settings.toString());
        // MERIDIAN_CONFIG names the properties file (RenderedChart.README, Configuration) and is read by the node too.
        settings.add("MERIDIAN_CONFIG");

        Set<String> used = new TreeSet<>();
        for (Path values : new Path[] {null, RenderedChart.resource("three-regions.yaml"),
                RenderedChart.write(tmp, "hn.yaml", "media: {exposure: hostNetwork, addressSource: hostIP}")}) {
            for (StatefulSet set : RenderedChart.ofKind(RenderedChart.render(values), StatefulSet.class)) {
                for (EnvVar v : RenderedChart.node(set).getEnv()) {
                    if (v.getName().startsWith("MERIDIAN_")) {
                        used.add(v.getName());
                    }
                }
            }
        }
        assertTrue(used.size() > 10, used.toString());
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(settings);
        assertTrue(unknown.isEmpty(), () -> "the chart sets variables that are no setting: " + unknown);
    }

    private static Set<String> readmeSettings() throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern row = Pattern.compile("^\\|[^|]*\\|[^|]*\\|\\s*`(MERIDIAN_[A-Z0-9_]+)`\\s*\\|");
        for (String line : Files.readAllLines(RenderedChart.README)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
