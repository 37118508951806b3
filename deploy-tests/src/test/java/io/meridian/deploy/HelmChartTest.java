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
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lints and renders helm/meridian with a real Helm engine (helm-java: the helm library is the native
 * {@code com.marcnuri.helm-java:linux-amd64} artifact on the test classpath, so nothing is downloaded at run time),
 * parses every rendered document into the fabric8 Kubernetes model and checks what operators rely on.
 */
class HelmChartTest {

    private static final Path CHART = Paths.get(System.getProperty("chart.dir", "../helm/meridian")).toAbsolutePath().normalize();
    private static final Path README = Paths.get(System.getProperty("readme.file", "../README.md")).toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
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

    @TempDir
    Path tmp;

    // ---- lint ----

    @Test
    void lintPassesOnTheChartAndOnTheThreeRegionValues() throws IOException {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertFalse(result.isFailed(), () -> "helm lint failed: " + result.getMessages());

        Path copy = chartCopyWithValues(resource("three-regions.yaml"));
        LintResult three = new Helm(copy).lint().strict().call();
        assertFalse(three.isFailed(), () -> "helm lint (three regions) failed: " + three.getMessages());
    }

    // ---- default values ----

    @Test
    void defaultValuesRenderOneRegionWithOneNode() {
        List<HasMetadata> objects = render(null);
        List<StatefulSet> sets = ofKind(objects, StatefulSet.class);
        assertEquals(1, sets.size());
        StatefulSet set = sets.get(0);
        assertEquals("meridian-default", set.getMetadata().getName());
        assertEquals(1, set.getSpec().getReplicas());
        assertEquals(1, ofKind(objects, PodDisruptionBudget.class).size());
        // The API Service plus the region's headless Service.
        assertEquals(2, ofKind(objects, Service.class).size());
        // The generated auth secret is a pre-install hook (created once); helm-java's template returns the manifest only.
        assertEquals("meridian-auth-generated",
                env(node(ofKind(objects, StatefulSet.class).get(0)), "MERIDIAN_AUTH_SECRET").getValueFrom().getSecretKeyRef().getName());
        assertEquals(1, ofKind(objects, ClusterRole.class).size(), "nodeExternalIP needs to read Nodes");
        assertTrue(ofKind(objects, Ingress.class).isEmpty());
        assertTrue(ofKind(objects, Deployment.class).isEmpty(), "no bundled Redis by default");

        Container c = node(set);
        assertEquals("default", env(c, "MERIDIAN_REGION").getValue());
        assertEquals("metadata.name", env(c, "MERIDIAN_NODE_ID").getValueFrom().getFieldRef().getFieldPath());
        assertEquals(null, envOrNull(c, "MERIDIAN_CLUSTER_REDIS_URL"), "a single node needs no Redis");
        assertEquals(3660L, set.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds());
        assertEquals("3600", env(c, "MERIDIAN_DRAIN_GRACE_PERIOD_SECONDS").getValue());
        assertNodeContainer(objects, set, 10000, 8080);

        // Default exposure: hostPort, address = the node's ExternalIP resolved by the init container.
        ContainerPort media = udpPort(c);
        assertEquals(10000, media.getHostPort());
        PodSpec pod = set.getSpec().getTemplate().getSpec();
        assertTrue(pod.getHostNetwork() == null || !pod.getHostNetwork(), "no hostNetwork by default");
        assertEquals(1, pod.getInitContainers().size());
        assertEquals("/run/meridian/meridian.properties", env(c, "MERIDIAN_CONFIG").getValue());
        String script = String.join("\n", pod.getInitContainers().get(0).getArgs());
        assertTrue(script.contains("ExternalIP") && script.contains("media.public-address="), script);
    }

    // ---- three regions ----

    @Test
    void threeRegionsRenderAWorkloadAndABudgetPerRegion() {
        List<HasMetadata> objects = render(resource("three-regions.yaml"));
        Map<String, Integer> expected = Map.of("eu-west", 3, "eu-central", 2, "us-east", 4);
        Map<String, String> zone = Map.of("eu-west", "eu-west-1", "eu-central", "eu-central-1", "us-east", "us-east-1");

        List<StatefulSet> sets = ofKind(objects, StatefulSet.class);
        assertEquals(expected.keySet(), sets.stream().map(s -> regionOf(s.getMetadata().getLabels())).collect(Collectors.toSet()));
        for (StatefulSet set : sets) {
            String region = regionOf(set.getMetadata().getLabels());
            assertEquals(expected.get(region), set.getSpec().getReplicas());
            PodSpec pod = set.getSpec().getTemplate().getSpec();
            assertEquals(Map.of("topology.kubernetes.io/region", zone.get(region)), pod.getNodeSelector());
            assertEquals(1850L, pod.getTerminationGracePeriodSeconds());
            Container c = node(set);
            assertEquals(region, env(c, "MERIDIAN_REGION").getValue());
            assertEquals("1800", env(c, "MERIDIAN_DRAIN_GRACE_PERIOD_SECONDS").getValue());
            assertEquals("meridian-redis", env(c, "MERIDIAN_CLUSTER_REDIS_URL").getValueFrom().getSecretKeyRef().getName());
            assertEquals("url", env(c, "MERIDIAN_CLUSTER_REDIS_URL").getValueFrom().getSecretKeyRef().getKey());
            assertEquals("meridian-auth", env(c, "MERIDIAN_AUTH_SECRET").getValueFrom().getSecretKeyRef().getName());
            assertEquals("eu-west=eu-central,us-east;eu-central=eu-west;us-east=eu-west",
                    env(c, "MERIDIAN_REGIONS_NEAREST").getValue());
            assertTrue(env(c, "MERIDIAN_CLUSTER_API_URL").getValue()
                    .startsWith("http://$(POD_NAME)." + set.getSpec().getServiceName() + ".$(POD_NAMESPACE).svc:8080"));
            assertEquals(10, c.getLifecycle().getPreStop().getSleep().getSeconds());
            assertNodeContainer(objects, set, 40000, 8080);
        }

        List<PodDisruptionBudget> pdbs = ofKind(objects, PodDisruptionBudget.class);
        assertEquals(expected.keySet(), pdbs.stream().map(p -> regionOf(p.getMetadata().getLabels())).collect(Collectors.toSet()));
        for (PodDisruptionBudget pdb : pdbs) {
            StatefulSet set = sets.stream().filter(s -> regionOf(s.getMetadata().getLabels()).equals(regionOf(pdb.getMetadata().getLabels())))
                    .findFirst().orElseThrow();
            assertEquals(set.getSpec().getSelector().getMatchLabels(), pdb.getSpec().getSelector().getMatchLabels());
            assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
        }
        assertTrue(ofKind(objects, Secret.class).isEmpty(), "existing auth secret: the chart creates none");
        assertEquals(1, ofKind(objects, Ingress.class).size());
        assertEquals(1, objects.stream().filter(o -> "ServiceMonitor".equals(o.getKind())).count());
        // API Service + a headless Service per region.
        assertEquals(4, ofKind(objects, Service.class).size());
    }

    @Test
    void loadBalancerExposureRendersOneUdpServicePerPod() throws IOException {
        Path values = write("lb.yaml", """
                regions:
                  - {name: eu-west, replicas: 2}
                  - {name: us-east, replicas: 1}
                redis: {url: "redis://redis:6379"}
                media: {exposure: loadBalancer, addressSource: loadBalancer, port: 3478}
                """);
        List<HasMetadata> objects = render(values);
        List<Service> lbs = ofKind(objects, Service.class).stream()
                .filter(s -> "LoadBalancer".equals(s.getSpec().getType())).toList();
        assertEquals(Set.of("meridian-eu-west-0-media", "meridian-eu-west-1-media", "meridian-us-east-0-media"),
                lbs.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet()));
        for (Service lb : lbs) {
            String pod = lb.getSpec().getSelector().get("statefulset.kubernetes.io/pod-name");
            assertEquals(lb.getMetadata().getName(), pod + "-media", "the init container looks up $POD_NAME-media");
        }
        assertEquals(1, ofKind(objects, Role.class).size());
        for (StatefulSet set : ofKind(objects, StatefulSet.class)) {
            assertNodeContainer(objects, set, 3478, 8080);
            assertEquals(null, udpPort(node(set)).getHostPort(), "no hostPort with a load balancer");
        }
    }

    @Test
    void hostNetworkAndHostIpOptions() throws IOException {
        Path values = write("hn.yaml", """
                media: {exposure: hostNetwork, addressSource: hostIP}
                redis: {bundled: {enabled: true}}
                regions: [{name: lab, replicas: 2}]
                """);
        List<HasMetadata> objects = render(values);
        StatefulSet set = ofKind(objects, StatefulSet.class).get(0);
        PodSpec pod = set.getSpec().getTemplate().getSpec();
        assertTrue(pod.getHostNetwork());
        assertTrue(pod.getInitContainers() == null || pod.getInitContainers().isEmpty());
        Container c = node(set);
        assertEquals("status.hostIP", env(c, "MERIDIAN_MEDIA_PUBLIC_ADDRESS").getValueFrom().getFieldRef().getFieldPath());
        assertEquals("redis://meridian-redis:6379", env(c, "MERIDIAN_CLUSTER_REDIS_URL").getValue());
        assertEquals(1, ofKind(objects, Deployment.class).size(), "the bundled Redis");
        assertTrue(ofKind(objects, ClusterRole.class).isEmpty(), "hostIP needs no RBAC");
        assertNodeContainer(objects, set, 10000, 8080);
    }

    @Test
    void anAuthSecretFromValuesBecomesASecret() throws IOException {
        String secret = "0123456789abcdef0123456789abcdef-x";
        List<HasMetadata> objects = render(write("auth.yaml", "auth: {secret: " + secret + "}"));
        Secret s = ofKind(objects, Secret.class).get(0);
        assertEquals("meridian-auth", s.getMetadata().getName());
        assertEquals(secret, new String(java.util.Base64.getDecoder().decode(s.getData().get("auth-secret"))));
        assertEquals("meridian-auth",
                env(node(ofKind(objects, StatefulSet.class).get(0)), "MERIDIAN_AUTH_SECRET").getValueFrom().getSecretKeyRef().getName());
        assertTemplateFails(write("short.yaml", "auth: {secret: short}"), "/auth/secret");
    }

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
        assertTemplateFails(write("noredis.yaml", "regions: [{name: a, replicas: 2}]"), "needs a shared Redis");
        assertTemplateFails(write("tgps.yaml", "terminationGracePeriodSeconds: 60"), "terminationGracePeriodSeconds (60)");
        assertTemplateFails(write("dup.yaml", "regions: [{name: a, replicas: 1}, {name: a, replicas: 0}]\nredis: {url: redis://r:6379}"),
                "appears twice");
    }

    /** Both helm template and helm lint (on a copy of the chart with these values) fail, naming the schema's rule. */
    private void assertRejected(String valuesYaml, String... expected) throws IOException {
        Path values = write("bad.yaml", valuesYaml);
        String message = assertTemplateFails(values, expected);
        assertTrue(message.contains("schema"), message);

        LintResult lint = new Helm(chartCopyWithValues(values)).lint().call();
        assertTrue(lint.isFailed(), "lint should fail for: " + valuesYaml);
        String all = String.join("\n", lint.getMessages());
        for (String e : expected) {
            assertTrue(all.contains(e), () -> "lint messages lack '" + e + "': " + all);
        }
    }

    private String assertTemplateFails(Path values, String... expected) {
        Exception e = assertThrows(Exception.class, () -> new Helm(CHART).template().withName("meridian")
                .withValuesFile(values).call());
        String message = String.valueOf(e.getMessage());
        for (String s : expected) {
            assertTrue(message.contains(s), () -> "message lacks '" + s + "': " + message);
        }
        return message;
    }

    // ---- the settings ----

    @Test
    void everyMeridianVariableTheChartSetsIsARealSetting() throws IOException {
        Set<String> settings = readmeSettings();
        assertTrue(settings.contains("MERIDIAN_MEDIA_PORT") && settings.size() > 20, settings.toString());
        // MERIDIAN_CONFIG names the properties file (README, Configuration) and is read by the node too.
        settings.add("MERIDIAN_CONFIG");

        Set<String> used = new TreeSet<>();
        for (Path values : new Path[] {null, resource("three-regions.yaml"),
                write("hn.yaml", "media: {exposure: hostNetwork, addressSource: hostIP}")}) {
            for (StatefulSet set : ofKind(render(values), StatefulSet.class)) {
                for (EnvVar v : node(set).getEnv()) {
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
        for (String line : Files.readAllLines(README)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    // ---- shared checks ----

    /** Probes, ports, the UDP port the server binds and advertises, and the security context of a node. */
    private static void assertNodeContainer(List<HasMetadata> objects, StatefulSet set, int mediaPort, int httpPort) {
        PodSpec pod = set.getSpec().getTemplate().getSpec();
        Container c = node(set);

        ContainerPort http = c.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow();
        assertEquals("TCP", http.getProtocol());
        assertEquals(httpPort, http.getContainerPort());
        assertEquals(String.valueOf(httpPort), env(c, "MERIDIAN_HTTP_PORT").getValue());
        assertProbe(c.getLivenessProbe(), "/healthz", http);
        assertProbe(c.getReadinessProbe(), "/readyz", http);
        assertProbe(c.getStartupProbe(), "/healthz", http);

        ContainerPort media = udpPort(c);
        assertEquals(mediaPort, media.getContainerPort());
        assertEquals(String.valueOf(mediaPort), env(c, "MERIDIAN_MEDIA_PORT").getValue(), "the port the server binds");
        if (media.getHostPort() != null) {
            assertEquals(mediaPort, media.getHostPort(), "clients reach the node's port; the node advertises its own");
        }
        for (Service s : ofKind(objects, Service.class)) {
            for (ServicePort p : s.getSpec().getPorts()) {
                if ("UDP".equals(p.getProtocol())) {
                    assertEquals(mediaPort, p.getPort(), "a load balancer's port must be the advertised port");
                    assertEquals("media", p.getTargetPort().getStrVal());
                }
            }
        }

        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertTrue(c.getSecurityContext().getRunAsNonRoot());
        assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> "/tmp".equals(m.getMountPath())), "an emptyDir for /tmp");
        assertTrue(pod.getVolumes().stream().anyMatch(v -> "tmp".equals(v.getName()) && v.getEmptyDir() != null));
        assertNotNull(c.getResources().getRequests().get("cpu"));
        assertNotNull(c.getResources().getLimits().get("memory"));
        assertNotNull(c.getLifecycle().getPreStop(), "a preStop hook");
        for (Container init : pod.getInitContainers() == null ? List.<Container>of() : pod.getInitContainers()) {
            assertTrue(init.getSecurityContext().getReadOnlyRootFilesystem());
        }
    }

    private static void assertProbe(Probe probe, String path, ContainerPort http) {
        assertNotNull(probe);
        assertEquals(path, probe.getHttpGet().getPath());
        String port = probe.getHttpGet().getPort().getStrVal();
        assertEquals(http.getName(), port, "probe on the http port");
    }

    private static Container node(StatefulSet set) {
        return set.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> "meridian".equals(c.getName())).findFirst().orElseThrow();
    }

    private static ContainerPort udpPort(Container c) {
        List<ContainerPort> udp = c.getPorts().stream().filter(p -> "UDP".equals(p.getProtocol())).toList();
        assertEquals(1, udp.size(), "exactly one UDP port");
        return udp.get(0);
    }

    private static EnvVar env(Container c, String name) {
        EnvVar v = envOrNull(c, name);
        assertNotNull(v, name + " not set");
        return v;
    }

    private static EnvVar envOrNull(Container c, String name) {
        return c.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst().orElse(null);
    }

    private static String regionOf(Map<String, String> labels) {
        return labels.get("meridian.io/region");
    }

    private static <T> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    // ---- rendering ----

    /** helm template (release "meridian", namespace "media"), every document parsed into its fabric8 model class. */
    private static List<HasMetadata> render(Path values) {
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

    private Path chartCopyWithValues(Path values) throws IOException {
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

    private Path write(String name, String yaml) throws IOException {
        Path p = tmp.resolve(System.nanoTime() + "-" + name);
        Files.writeString(p, yaml);
        return p;
    }

    private static Path resource(String name) {
        try {
            return Paths.get(HelmChartTest.class.getResource("/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }
}
