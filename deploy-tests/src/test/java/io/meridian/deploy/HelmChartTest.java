package io.meridian.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lints and renders helm/meridian with a real Helm engine (helm-java: the helm library is the native
 * {@code com.marcnuri.helm-java:linux-amd64} artifact on the test classpath, so nothing is downloaded at run time),
 * parses every rendered document into the fabric8 Kubernetes model and checks what operators rely on.
 */
class HelmChartTest {

    @TempDir
    Path tmp;

    // ---- lint ----

    @Test
    void lintPassesOnTheChartAndOnTheThreeRegionValues() throws IOException {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
        assertFalse(result.isFailed(), () -> "helm lint failed: " + result.getMessages());

        Path copy = RenderedChart.chartCopyWithValues(tmp, RenderedChart.resource("three-regions.yaml"));
        LintResult three = new Helm(copy).lint().strict().call();
        assertFalse(three.isFailed(), () -> "helm lint (three regions) failed: " + three.getMessages());
    }

    // ---- default values ----

    @Test
    void defaultValuesRenderOneRegionWithOneNode() {
        List<HasMetadata> objects = RenderedChart.render(null);
        List<StatefulSet> sets = RenderedChart.ofKind(objects, StatefulSet.class);
        assertEquals(1, sets.size());
        StatefulSet set = sets.get(0);
        assertEquals("meridian-default", set.getMetadata().getName());
        assertEquals(1, set.getSpec().getReplicas());
        assertEquals(1, RenderedChart.ofKind(objects, PodDisruptionBudget.class).size());
        // The API Service plus the region's headless Service.
        assertEquals(2, RenderedChart.ofKind(objects, Service.class).size());
        // The generated auth secret is a pre-install hook (created once); helm-java's template returns the manifest only.
        assertEquals("meridian-auth-generated",
                env(RenderedChart.node(RenderedChart.ofKind(objects, StatefulSet.class).get(0)), "MERIDIAN_AUTH_SECRET").getValueFrom().getSecretKeyRef().getName());
        assertEquals(1, RenderedChart.ofKind(objects, ClusterRole.class).size(), "nodeExternalIP needs to read Nodes");
        assertTrue(RenderedChart.ofKind(objects, Ingress.class).isEmpty());
        assertTrue(RenderedChart.ofKind(objects, Deployment.class).isEmpty(), "no bundled Redis by default");

        Container c = RenderedChart.node(set);
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
        List<HasMetadata> objects = RenderedChart.render(RenderedChart.resource("three-regions.yaml"));
        Map<String, Integer> expected = Map.of("eu-west", 3, "eu-central", 2, "us-east", 4);
        Map<String, String> zone = Map.of("eu-west", "eu-west-1", "eu-central", "eu-central-1", "us-east", "us-east-1");

        List<StatefulSet> sets = RenderedChart.ofKind(objects, StatefulSet.class);
        assertEquals(expected.keySet(), sets.stream().map(s -> regionOf(s.getMetadata().getLabels())).collect(Collectors.toSet()));
        for (StatefulSet set : sets) {
            String region = regionOf(set.getMetadata().getLabels());
            assertEquals(expected.get(region), set.getSpec().getReplicas());
            PodSpec pod = set.getSpec().getTemplate().getSpec();
            assertEquals(Map.of("topology.kubernetes.io/region", zone.get(region)), pod.getNodeSelector());
            assertEquals(1850L, pod.getTerminationGracePeriodSeconds());
            Container c = RenderedChart.node(set);
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

        List<PodDisruptionBudget> pdbs = RenderedChart.ofKind(objects, PodDisruptionBudget.class);
        assertEquals(expected.keySet(), pdbs.stream().map(p -> regionOf(p.getMetadata().getLabels())).collect(Collectors.toSet()));
        for (PodDisruptionBudget pdb : pdbs) {
            StatefulSet set = sets.stream().filter(s -> regionOf(s.getMetadata().getLabels()).equals(regionOf(pdb.getMetadata().getLabels())))
                    .findFirst().orElseThrow();
            assertEquals(set.getSpec().getSelector().getMatchLabels(), pdb.getSpec().getSelector().getMatchLabels());
            assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
        }
        assertTrue(RenderedChart.ofKind(objects, Secret.class).isEmpty(), "existing auth secret: the chart creates none");
        assertEquals(1, RenderedChart.ofKind(objects, Ingress.class).size());
        assertEquals(1, objects.stream().filter(o -> "ServiceMonitor".equals(o.getKind())).count());
        // API Service + a headless Service per region.
        assertEquals(4, RenderedChart.ofKind(objects, Service.class).size());
    }

    @Test
    void loadBalancerExposureRendersOneUdpServicePerPod() throws IOException {
        Path values = RenderedChart.write(tmp, "lb.yaml", """
                regions:
                  - {name: eu-west, replicas: 2}
                  - {name: us-east, replicas: 1}
                redis: {url: "redis://redis:6379"}
                media: {exposure: loadBalancer, addressSource: loadBalancer, port: 3478}
                """);
        List<HasMetadata> objects = RenderedChart.render(values);
        List<Service> lbs = RenderedChart.ofKind(objects, Service.class).stream()
                .filter(s -> "LoadBalancer".equals(s.getSpec().getType())).toList();
        assertEquals(Set.of("meridian-eu-west-0-media", "meridian-eu-west-1-media", "meridian-us-east-0-media"),
                lbs.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet()));
        for (Service lb : lbs) {
            String pod = lb.getSpec().getSelector().get("statefulset.kubernetes.io/pod-name");
            assertEquals(lb.getMetadata().getName(), pod + "-media", "the init container looks up $POD_NAME-media");
        }
        assertEquals(1, RenderedChart.ofKind(objects, Role.class).size());
        for (StatefulSet set : RenderedChart.ofKind(objects, StatefulSet.class)) {
            assertNodeContainer(objects, set, 3478, 8080);
            assertEquals(null, udpPort(RenderedChart.node(set)).getHostPort(), "no hostPort with a load balancer");
        }
    }

    @Test
    void hostNetworkAndHostIpOptions() throws IOException {
        Path values = RenderedChart.write(tmp, "hn.yaml", """
                media: {exposure: hostNetwork, addressSource: hostIP}
                redis: {bundled: {enabled: true}}
                regions: [{name: lab, replicas: 2}]
                """);
        List<HasMetadata> objects = RenderedChart.render(values);
        StatefulSet set = RenderedChart.ofKind(objects, StatefulSet.class).get(0);
        PodSpec pod = set.getSpec().getTemplate().getSpec();
        assertTrue(pod.getHostNetwork());
        assertTrue(pod.getInitContainers() == null || pod.getInitContainers().isEmpty());
        Container c = RenderedChart.node(set);
        assertEquals("status.hostIP", env(c, "MERIDIAN_MEDIA_PUBLIC_ADDRESS").getValueFrom().getFieldRef().getFieldPath());
        assertEquals("redis://meridian-redis:6379", env(c, "MERIDIAN_CLUSTER_REDIS_URL").getValue());
        assertEquals(1, RenderedChart.ofKind(objects, Deployment.class).size(), "the bundled Redis");
        assertTrue(RenderedChart.ofKind(objects, ClusterRole.class).isEmpty(), "hostIP needs no RBAC");
        assertNodeContainer(objects, set, 10000, 8080);
    }

    @Test
    void anAuthSecretFromValuesBecomesASecret() throws IOException {
        String secret = "0123456789abcdef0123456789abcdef-x";
        List<HasMetadata> objects = RenderedChart.render(RenderedChart.write(tmp, "auth.yaml", "auth: {secret: " + secret + "}"));
        Secret s = RenderedChart.ofKind(objects, Secret.class).get(0);
        assertEquals("meridian-auth", s.getMetadata().getName());
        assertEquals(secret, new String(java.util.Base64.getDecoder().decode(s.getData().get("auth-secret"))));
        assertEquals("meridian-auth",
                env(RenderedChart.node(RenderedChart.ofKind(objects, StatefulSet.class).get(0)), "MERIDIAN_AUTH_SECRET").getValueFrom().getSecretKeyRef().getName());
        RenderedChart.assertTemplateFails(RenderedChart.write(tmp, "short.yaml", "auth: {secret: short}"), "/auth/secret");
    }

    // ---- shared checks ----

    /** Probes, ports, the UDP port the server binds and advertises, and the security context of a node. */
    private static void assertNodeContainer(List<HasMetadata> objects, StatefulSet set, int mediaPort, int httpPort) {
        PodSpec pod = set.getSpec().getTemplate().getSpec();
        Container c = RenderedChart.node(set);

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
        for (Service s : RenderedChart.ofKind(objects, Service.class)) {
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

    private static ContainerPort udpPort(Container c) {
        List<ContainerPort> udp = c.getPorts().stream().filter(p -> "UDP".equals(p.getProtocol())).toList();
        assertEquals(1, udp.size(), "exactly one UDP port");
        return udp.get(0);
    }

    // ---- TURN ----

    @Test
    void coturnBesideTheNodesReadsTheSecretTheNodesSignCredentialsWith() throws IOException {
        List<HasMetadata> none = RenderedChart.render(null);
        assertEquals(null, envOrNull(RenderedChart.node(RenderedChart.ofKind(none, StatefulSet.class).get(0)),
                "MERIDIAN_TURN_URLS"), "no relay by default");

        Path values = RenderedChart.write(tmp, "turn.yaml", """
                turn:
                  urls: ["turn:turn.example.net:3478?transport=udp", "turn:turn.example.net:3478?transport=tcp"]
                  secret: relay-secret-relay-secret
                  credentialTtlSeconds: 600
                  coturn: {enabled: true, externalIP: 203.0.113.9}
                """);
        List<HasMetadata> objects = RenderedChart.render(values);
        Container node = RenderedChart.node(RenderedChart.ofKind(objects, StatefulSet.class).get(0));
        assertEquals("turn:turn.example.net:3478?transport=udp,turn:turn.example.net:3478?transport=tcp",
                env(node, "MERIDIAN_TURN_URLS").getValue());
        assertEquals("600", env(node, "MERIDIAN_TURN_CREDENTIAL_TTL_SECONDS").getValue());
        Deployment coturn = RenderedChart.ofKind(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("meridian-coturn")).findFirst().orElseThrow();
        PodSpec pod = coturn.getSpec().getTemplate().getSpec();
        assertTrue(pod.getHostNetwork(), "relayed media leaves from the Kubernetes node's addresses");
        Container relay = pod.getContainers().get(0);
        var fromNode = env(node, "MERIDIAN_TURN_SECRET").getValueFrom().getSecretKeyRef();
        var fromRelay = env(relay, "TURN_SECRET").getValueFrom().getSecretKeyRef();
        assertEquals(List.of(fromNode.getName(), fromNode.getKey()), List.of(fromRelay.getName(), fromRelay.getKey()),
                "one Secret for both");
        assertTrue(relay.getArgs().containsAll(List.of("--use-auth-secret", "--static-auth-secret=$(TURN_SECRET)",
                "--external-ip=203.0.113.9")), relay.getArgs().toString());
        Secret secret = RenderedChart.ofKind(objects, Secret.class).stream()
                .filter(x -> x.getMetadata().getName().equals(fromNode.getName())).findFirst().orElseThrow();
        assertEquals("relay-secret-relay-secret",
                new String(java.util.Base64.getDecoder().decode(secret.getData().get(fromNode.getKey()))));
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
}
