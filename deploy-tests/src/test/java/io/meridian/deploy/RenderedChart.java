package io.meridian.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The chart under test rendered by a real Helm engine (helm-java: the helm library is the native
 * {@code com.marcnuri.helm-java:linux-amd64} artifact on the test classpath, so nothing is downloaded at run time),
 * every document parsed into its fabric8 Kubernetes model class.
 */
final class RenderedChart {
    private RenderedChart() {
    }

    static final Path CHART = Paths.get(System.getProperty("chart.dir", "../helm/meridian")).toAbsolutePath().normalize();
    static final Path README = Paths.get(System.getProperty("readme.file", "../README.md")).toAbsolutePath().normalize();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", GenericKubernetesResource.class));

    // ---- rendering ----

    /** helm template (release "meridian", namespace "media"), every document parsed into its fabric8 model class. */
    static List<HasMetadata> render(Path values) {
        var cmd = new Helm(CHART).template().withName("meridian").withNamespace("media");
        if (values != null) {
            cmd = cmd.withValuesFile(values);
        }
        String manifest = cmd.call();
        List<HasMetadata> objects = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(manifest)) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
                Class<? extends HasMetadata> type = KINDS.get(key);
                assertNotNull(type, "unexpected kind " + key);
                HasMetadata object = YAML.treeToValue(doc, type);
                assertNotNull(object.getMetadata().getName(), key + " without a name");
                objects.add(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered manifests do not parse:\n" + manifest, e);
        }
        assertFalse(objects.isEmpty());
        Map<String, Integer> seen = new HashMap<>();
        for (HasMetadata o : objects) {
            String id = o.getKind() + "/" + o.getMetadata().getName();
            assertEquals(null, seen.put(id, 1), "rendered twice: " + id);
        }
        return objects;
    }

    static Path chartCopyWithValues(Path tmp, Path values) throws IOException {
        Path copy = tmp.resolve("chart-" + System.nanoTime()).resolve("meridian");
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = copy.resolve(CHART.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        // helm lint checks the chart's own values.yaml: put the values under test there (merged over the defaults,
        // as helm would merge a -f file).
        JsonNode base = YAML.readTree(CHART.resolve("values.yaml").toFile());
        JsonNode merged = YAML.readerForUpdating(base).readValue(values.toFile());
        YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
        return copy;
    }

    static Path write(Path tmp, String name, String yaml) throws IOException {
        Path p = tmp.resolve(System.nanoTime() + "-" + name);
        Files.writeString(p, yaml);
        return p;
    }

    static Path resource(String name) {
        try {
            return Paths.get(RenderedChart.class.getResource("/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }
    static Container node(StatefulSet set) {
        return set.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> "meridian".equals(c.getName())).findFirst().orElseThrow();
    }


    static <T> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** {@code helm template} with these values fails with a message containing every expected part. */
    static String assertTemplateFails(Path values, String... expected) {
        Exception e = assertThrows(Exception.class, () -> new Helm(CHART).template().withName("meridian")
                .withValuesFile(values).call());
        String message = String.valueOf(e.getMessage());
        for (String s : expected) {
            assertTrue(message.contains(s), () -> "message lacks '" + s + "': " + message);
        }
        return message;
    }
}
