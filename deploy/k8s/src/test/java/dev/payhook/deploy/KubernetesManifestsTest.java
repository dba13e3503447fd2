package dev.payhook.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.TopicSpec;
import dev.payhook.common.Topics;
import dev.payhook.replay.ReplayedApplication;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.convert.DurationStyle;

/**
 * Every overlay renders, every object parses as a Kubernetes object, and the manifests agree with
 * the code: topics, partitions, compaction and retention; probe paths and ports; Streams consumer
 * groups and KEDA's ceiling; limits, non-root, graceful shutdown; references between objects.
 */
class KubernetesManifestsTest {

    /** workload name → the module whose configuration file it runs with. */
    private static final Map<String, String> SERVICES =
            Map.of("payhook-ingress", "ingress", "payhook-processor", "processor", "payhook-reconciler", "reconciler");
    /** Secrets the prod overlay expects to exist already (created from a secret manager, never committed). */
    private static final Set<String> EXTERNAL_SECRETS_IN_PROD =
            Set.of("payhook-webhook-secrets", "payhook-operator-tokens");

    private static RenderedOverlay rendered(String overlay) {
        return RenderedOverlay.of(overlay);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void topicsInTheManifestsAreTheTopicsOfTheContract(String overlay) {
        Map<String, Map<String, Object>> topics = topics(rendered(overlay));
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(KafkaAccess.topicsOfTheContract());
        for (TopicSpec spec : Topics.CATALOGUE) {
            Map<String, Object> topic = topics.get(spec.name());
            assertThat(topic.get("partitions")).as(spec.name() + " partitions").isEqualTo(spec.partitions(6));
            assertThat(topic.get("replicas")).as(spec.name() + " replicas").isEqualTo(3);
            Map<String, Object> config = config(topic);
            assertThat(config.get("min.insync.replicas"))
                    .as(spec.name() + " min.insync.replicas")
                    .isEqualTo(2);
            spec.config().forEach((key, value) -> assertThat(String.valueOf(config.get(key)))
                    .as(spec.name() + " " + key)
                    .isEqualTo(value));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaIsThreeKraftNodesWithTwoInSyncReplicasRequired(String overlay) {
        RenderedOverlay rendered = rendered(overlay);
        int brokers = rendered.custom("KafkaNodePool").stream()
                .map(RenderedOverlay::spec)
                .filter(spec -> ((List<?>) spec.get("roles")).contains("broker"))
                .mapToInt(spec -> (Integer) spec.get("replicas"))
                .sum();
        assertThat(brokers).isEqualTo(3);
        List<GenericKubernetesResource> kafka = rendered.custom("Kafka");
        assertThat(kafka).hasSize(1);
        assertThat(kafka.get(0).getApiVersion()).isEqualTo("kafka.strimzi.io/v1");
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>)
                ((Map<String, Object>) RenderedOverlay.spec(kafka.get(0)).get("kafka")).get("config");
        assertThat(config)
                .containsEntry("default.replication.factor", 3)
                .containsEntry("min.insync.replicas", 2)
                .containsEntry("transaction.state.log.replication.factor", 3)
                .containsEntry("transaction.state.log.min.isr", 2);
        String cluster = kafka.get(0).getMetadata().getName();
        Stream.concat(rendered.custom("KafkaTopic").stream(), rendered.custom("KafkaNodePool").stream())
                .forEach(r -> assertThat(r.getMetadata().getLabels())
                        .as(r.getMetadata().getName())
                        .containsEntry("strimzi.io/cluster", cluster));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void coPartitionedInputsHaveEqualPartitionCounts(String overlay) throws Exception {
        Map<String, Map<String, Object>> topics = topics(rendered(overlay));
        // The reconciler joins its inputs by payment id: one task per partition number, so equal counts.
        assertThat(ReplayedApplication.RECONCILER.inputTopics().stream()
                        .map(t -> topics.get(t).get("partitions"))
                        .distinct())
                .as("co-partitioned reconciler inputs")
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kedaScalesEachStreamsApplicationOnItsOwnGroupAndNeverPastItsPartitions(String overlay) throws Exception {
        RenderedOverlay rendered = rendered(overlay);
        Map<String, Map<String, Object>> topics = topics(rendered);
        List<GenericKubernetesResource> scaledObjects = rendered.custom("ScaledObject");
        assertThat(scaledObjects).hasSize(2);
        for (GenericKubernetesResource scaledObject : scaledObjects) {
            Map<String, Object> spec = RenderedOverlay.spec(scaledObject);
            @SuppressWarnings("unchecked")
            Map<String, Object> target = (Map<String, Object>) spec.get("scaleTargetRef");
            String workload = (String) target.get("name");
            assertThat(rendered.has((String) target.get("kind"), workload))
                    .as(workload)
                    .isTrue();
            ReplayedApplication application = ReplayedApplication.named(SERVICES.get(workload));
            String applicationId =
                    ServiceConfiguration.of(application.displayName()).get("spring.kafka.streams.application-id");
            assertThat(application.applicationId())
                    .as("the replay command's consumer group")
                    .isEqualTo(applicationId);
            @SuppressWarnings("unchecked")
            Map<String, Object> trigger = ((List<Map<String, Object>>) spec.get("triggers")).get(0);
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) trigger.get("metadata");
            assertThat(trigger.get("type")).isEqualTo("kafka");
            assertThat(metadata.get("consumerGroup")).as(workload).isEqualTo(applicationId);
            int partitions = application.inputTopics().stream()
                    .mapToInt(t -> (Integer) topics.get(t).get("partitions"))
                    .min()
                    .orElseThrow();
            assertThat((Integer) spec.get("maxReplicaCount"))
                    .as(workload + " maxReplicaCount")
                    .isLessThanOrEqualTo(partitions);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void probesAndPortsMatchTheServicesConfiguration(String overlay) throws Exception {
        RenderedOverlay rendered = rendered(overlay);
        assertThat(rendered.workloads().keySet()).containsExactlyInAnyOrderElementsOf(SERVICES.keySet());
        for (var workload : rendered.workloads().entrySet()) {
            ServiceConfiguration service = ServiceConfiguration.of(SERVICES.get(workload.getKey()));
            assertThat(service.get("management.endpoint.health.probes.enabled")).isEqualTo("true");
            assertThat(service.get("management.endpoints.web.exposure.include"))
                    .contains("health")
                    .contains("prometheus");
            Container container = RenderedOverlay.container(workload.getValue());
            Map<String, String> env = rendered.environment(container);
            int serverPort = Integer.parseInt(service.get("server.port"));
            int managementPort =
                    Integer.parseInt(env.getOrDefault("MANAGEMENT_SERVER_PORT", String.valueOf(serverPort)));
            assertThat(port(container, new IntOrString("http")))
                    .as(workload.getKey() + " http")
                    .isEqualTo(serverPort);
            assertProbe(container, container.getLivenessProbe(), "/actuator/health/liveness", managementPort);
            assertProbe(container, container.getStartupProbe(), "/actuator/health/liveness", managementPort);
            assertProbe(container, container.getReadinessProbe(), "/actuator/health/readiness", managementPort);
        }
        for (Service service : rendered.all(Service.class)) {
            PodTemplateSpec pods =
                    rendered.workloads().get(service.getSpec().getSelector().get("app.kubernetes.io/name"));
            assertThat(pods)
                    .as(service.getMetadata().getName() + " selects a workload")
                    .isNotNull();
            service.getSpec().getPorts().forEach(p -> assertThat(
                            port(RenderedOverlay.container(pods), p.getTargetPort()))
                    .as(service.getMetadata().getName())
                    .isEqualTo(p.getPort()));
        }
    }

    /** BENCHMARKS.md, "Issue 34, session 20": the Streams services for throughput, the ingress for its pauses. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theStreamsServicesRunTheThroughputCollectorAndTheIngressG1(String overlay) {
        RenderedOverlay rendered = rendered(overlay);
        for (var workload : rendered.workloads().entrySet()) {
            String options = rendered.environment(RenderedOverlay.container(workload.getValue()))
                    .getOrDefault("JAVA_TOOL_OPTIONS", "");
            boolean streams = !SERVICES.get(workload.getKey()).equals("ingress");
            assertThat(options.contains("-XX:+UseParallelGC"))
                    .as(workload.getKey() + " JAVA_TOOL_OPTIONS: " + options)
                    .isEqualTo(streams);
        }
    }

    /**
     * Every service compresses what it sends the broker with lz4, and the Streams services send it in batches of
     * up to 64 KB (BENCHMARKS.md, "Issue 34, session 21"): the ingress its producer, the Streams services their
     * Streams producer; no manifest sets either otherwise.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceCompressesWhatItSendsTheBrokerAndTheStreamsServicesBatchIt(String overlay) throws Exception {
        RenderedOverlay rendered = rendered(overlay);
        for (var workload : rendered.workloads().entrySet()) {
            String module = SERVICES.get(workload.getKey());
            ServiceConfiguration service = ServiceConfiguration.of(module);
            String key = module.equals("ingress")
                    ? "spring.kafka.producer.properties.compression.type"
                    : "spring.kafka.streams.properties.producer.compression.type";
            assertThat(service.get(key)).as(module + " " + key).isEqualTo("lz4");
            if (!module.equals("ingress")) {
                assertThat(service.get("spring.kafka.streams.properties.producer.batch.size"))
                        .as(module + " batch size")
                        .isEqualTo("65536");
            }
            assertThat(rendered.environment(RenderedOverlay.container(workload.getValue()))
                            .keySet())
                    .as(workload.getKey() + " environment")
                    .noneMatch(name -> name.contains("COMPRESSION") || name.contains("BATCH_SIZE"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasLimitsRunsAsNonRootAndOutlivesItsGracefulShutdown(String overlay) throws Exception {
        for (var workload : rendered(overlay).workloads().entrySet()) {
            var pod = workload.getValue().getSpec();
            ServiceConfiguration service = ServiceConfiguration.of(SERVICES.get(workload.getKey()));
            assertThat(service.get("server.shutdown")).isEqualTo("graceful");
            Duration shutdownPhase = DurationStyle.detectAndParse(
                    service.getOrDefault("spring.lifecycle.timeout-per-shutdown-phase", "30s"));
            for (Container container : pod.getContainers()) {
                String name = workload.getKey() + "/" + container.getName();
                assertThat(container.getResources().getLimits())
                        .as(name + " limits")
                        .containsKey("memory");
                assertThat(container.getResources().getRequests())
                        .as(name + " requests")
                        .containsKeys("cpu", "memory");
                boolean nonRoot = Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot())
                        || container.getSecurityContext() != null
                                && Boolean.TRUE.equals(
                                        container.getSecurityContext().getRunAsNonRoot());
                assertThat(nonRoot).as(name + " runAsNonRoot").isTrue();
                assertThat(pod.getSecurityContext().getRunAsUser())
                        .as(name + " runAsUser")
                        .isPositive();
                long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
                assertThat(pod.getTerminationGracePeriodSeconds())
                        .as(name + " terminationGracePeriodSeconds")
                        .isGreaterThan(preStop + shutdownPhase.toSeconds());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyReferenceResolvesAndOnlyTheIngressIsExposed(String overlay) {
        RenderedOverlay rendered = rendered(overlay);
        for (var workload : rendered.workloads().entrySet()) {
            for (EnvFromSource source :
                    RenderedOverlay.container(workload.getValue()).getEnvFrom()) {
                if (source.getConfigMapRef() != null) {
                    assertThat(rendered.has(
                                    "ConfigMap", source.getConfigMapRef().getName()))
                            .as(source.getConfigMapRef().getName())
                            .isTrue();
                } else {
                    String secret = source.getSecretRef().getName();
                    boolean external = overlay.equals("prod") && EXTERNAL_SECRETS_IN_PROD.contains(secret);
                    assertThat(external || rendered.has("Secret", secret))
                            .as(workload.getKey() + " secret " + secret)
                            .isTrue();
                }
            }
            assertThat(workload.getValue().getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/part-of", "payhook");
        }
        for (HorizontalPodAutoscaler hpa : rendered.all(HorizontalPodAutoscaler.class)) {
            assertThat(rendered.has(
                            hpa.getSpec().getScaleTargetRef().getKind(),
                            hpa.getSpec().getScaleTargetRef().getName()))
                    .isTrue();
        }
        for (PodDisruptionBudget pdb : rendered.all(PodDisruptionBudget.class)) {
            assertThat(rendered.workloads())
                    .containsKey(pdb.getSpec().getSelector().getMatchLabels().get("app.kubernetes.io/name"));
        }
        // Only one policy admits traffic from anywhere, and it selects the ingress's HTTP port.
        List<NetworkPolicy> open = rendered.all(NetworkPolicy.class).stream()
                .filter(p -> p.getSpec().getIngress() != null
                        && p.getSpec().getIngress().stream()
                                .anyMatch(rule -> rule.getFrom().isEmpty()))
                .toList();
        assertThat(open).hasSize(1);
        assertThat(open.get(0).getSpec().getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/name", "payhook-ingress");
        assertThat(open.get(0).getSpec().getIngress().get(0).getPorts())
                .extracting(p -> p.getPort().getStrVal())
                .containsExactly("http");
        // And a default deny under all of them.
        assertThat(rendered.all(NetworkPolicy.class).stream()
                        .filter(p ->
                                p.getSpec().getPodSelector().getMatchLabels().isEmpty()
                                        && p.getSpec()
                                                .getPodSelector()
                                                .getMatchExpressions()
                                                .isEmpty()
                                        && p.getSpec().getIngress().isEmpty())
                        .map(p -> p.getMetadata().getName()))
                .containsExactly("payhook-default-deny");
        if (overlay.equals("prod")) {
            rendered.workloads().values().forEach(pods -> assertThat(
                            RenderedOverlay.container(pods).getImage())
                    .matches(".+/.+:\\d+\\.\\d+\\.\\d+"));
        }
    }

    /**
     * The reconciler's console reads the processor's payments and every service's metrics: each
     * address names a Service port on the right container port, and a policy lets the reconciler in.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theConsoleReachesWhatItReads(String overlay) {
        RenderedOverlay rendered = rendered(overlay);
        Map<String, String> env = rendered.environment(
                RenderedOverlay.container(rendered.workloads().get("payhook-reconciler")));
        Map<String, String> portNames = Map.of(
                "PAYHOOK_CONSOLE_PROCESSOR", "http",
                "PAYHOOK_CONSOLE_METRICS_INGRESS", "management",
                "PAYHOOK_CONSOLE_METRICS_PROCESSOR", "management");
        portNames.forEach((variable, portName) -> {
            java.net.URI address = java.net.URI.create(env.get(variable));
            Service service = rendered.all(Service.class).stream()
                    .filter(s -> s.getMetadata().getName().equals(address.getHost()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(variable + ": no Service " + address.getHost()));
            assertThat(service.getSpec().getPorts())
                    .as(variable)
                    .anyMatch(p -> p.getPort() == address.getPort()
                            && portName.equals(p.getTargetPort().getStrVal()));
            String workload = service.getSpec().getSelector().get("app.kubernetes.io/name");
            assertThat(rendered.all(NetworkPolicy.class))
                    .as(variable + ": a policy lets the reconciler reach " + workload + "'s " + portName + " port")
                    .anyMatch(policy -> admitsReconciler(policy, workload, portName));
        });
        assertThat(java.net
                        .URI
                        .create(env.get("PAYHOOK_CONSOLE_METRICS_RECONCILER"))
                        .getPort())
                .isEqualTo(port(
                        RenderedOverlay.container(rendered.workloads().get("payhook-reconciler")),
                        new IntOrString("management")));
    }

    private static boolean admitsReconciler(NetworkPolicy policy, String workload, String portName) {
        var selector = policy.getSpec().getPodSelector();
        boolean selects = workload.equals(selector.getMatchLabels().get("app.kubernetes.io/name"))
                || selector.getMatchExpressions().stream()
                        .anyMatch(e -> e.getKey().equals("app.kubernetes.io/name")
                                && e.getOperator().equals("In")
                                && e.getValues().contains(workload));
        return selects
                && policy.getSpec().getIngress().stream()
                        .anyMatch(rule -> rule.getPorts().stream()
                                        .anyMatch(
                                                p -> portName.equals(p.getPort().getStrVal()))
                                && rule.getFrom().stream()
                                        .anyMatch(from -> from.getPodSelector() != null
                                                && ("payhook-reconciler"
                                                                .equals(from.getPodSelector()
                                                                        .getMatchLabels()
                                                                        .get("app.kubernetes.io/name"))
                                                        || "payhook"
                                                                .equals(from.getPodSelector()
                                                                        .getMatchLabels()
                                                                        .get("app.kubernetes.io/part-of")))));
    }

    private static Map<String, Map<String, Object>> topics(RenderedOverlay rendered) {
        return rendered.custom("KafkaTopic").stream()
                .collect(Collectors.toMap(
                        t -> (String) RenderedOverlay.spec(t).get("topicName"), RenderedOverlay::spec));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> config(Map<String, Object> topicSpec) {
        return (Map<String, Object>) topicSpec.get("config");
    }

    private static int port(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + port.getStrVal()));
    }

    private static void assertProbe(Container container, Probe probe, String path, int port) {
        assertThat(probe).as(container.getName() + " probe on " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(port(container, probe.getHttpGet().getPort()))
                .as(container.getName() + " " + path + " port")
                .isEqualTo(port);
    }
}
