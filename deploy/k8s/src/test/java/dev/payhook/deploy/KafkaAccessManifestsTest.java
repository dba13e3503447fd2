package dev.payhook.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.collector.reports.ReportAnnouncements;
import dev.payhook.common.Topics;
import dev.payhook.deploy.KafkaAccess.Acl;
import dev.payhook.processor.state.PaymentLimits;
import dev.payhook.processor.stream.PaymentTopology;
import dev.payhook.processor.stream.ProcessorMetrics;
import dev.payhook.processor.stream.ProcessorWarmup;
import dev.payhook.reconciler.matching.FeeSchedule;
import dev.payhook.reconciler.stream.ReconcilerMetrics;
import dev.payhook.reconciler.stream.ReconciliationTopology;
import dev.payhook.replay.ReplayedApplication;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Kafka on Kubernetes authenticates every client and authorizes each one for exactly what its code
 * does: the topics named in a service's code are the topics of its KafkaUser's ACLs, no more; a Streams
 * application reads its sources, writes its sinks, and owns its group, internal topics and
 * transactional ids; the replay job and KEDA may only describe or rewind the groups they serve.
 */
class KafkaAccessManifestsTest {

    private static final Set<String> STREAMS_APPLICATIONS = Set.of("payhook-processor", "payhook-reconciler");

    /** workload → the package its code lives in. */
    private static String codePackage(String workload) {
        return "dev.payhook." + workload.substring("payhook-".length());
    }

    private static Topology topology(String workload) {
        StreamsBuilder builder = new StreamsBuilder();
        switch (workload) {
            case "payhook-processor" ->
                PaymentTopology.build(builder, PaymentLimits.DEFAULT, new ProcessorMetrics(new SimpleMeterRegistry()));
            case "payhook-reconciler" ->
                ReconciliationTopology.build(
                        builder,
                        Duration.ofDays(1),
                        200,
                        FeeSchedule.NONE,
                        dev.payhook.reconciler.stream.BankSettings.NONE,
                        dev.payhook.reconciler.journal.ChartOfAccounts.DEFAULT,
                        ReconcilerMetrics.simple());
            default -> throw new IllegalArgumentException(workload + " is not a Streams application");
        }
        return builder.build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyListenerAuthenticatesOverTlsAndTheClusterAuthorizes(String overlay) {
        Map<String, Object> kafka = kafkaSpec(RenderedOverlay.of(overlay));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listeners = (List<Map<String, Object>>) kafka.get("listeners");
        assertThat(listeners).isNotEmpty().allSatisfy(listener -> {
            assertThat(listener.get("tls")).as(listener.get("name") + " tls").isEqualTo(true);
            assertThat(listener.get("authentication"))
                    .as(listener.get("name") + " authentication")
                    .isEqualTo(Map.of("type", "scram-sha-512"));
        });
        assertThat(kafka.get("authorization")).isEqualTo(Map.of("type", "simple"));
        @SuppressWarnings("unchecked")
        Map<String, Object> entityOperator = (Map<String, Object>)
                RenderedOverlay.spec(kafka(RenderedOverlay.of(overlay))).get("entityOperator");
        assertThat(entityOperator)
                .as("the User Operator turns KafkaUsers into credentials and ACLs")
                .containsKey("userOperator");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceLogsInAsItsOwnUserOverTheAuthenticatedListener(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Set<String> users = new HashSet<>();
        for (var workload : rendered.workloads().entrySet()) {
            Container container = RenderedOverlay.container(workload.getValue());
            Map<String, String> env = rendered.environment(container);
            KafkaProperties kafka = bind(env);
            String user = kafkaUserOf(rendered, workload.getKey(), env);
            users.add(user);
            for (Map<String, Object> client : List.of(
                    kafka.buildProducerProperties(),
                    kafka.buildConsumerProperties(),
                    kafka.buildAdminProperties(),
                    kafka.buildStreamsProperties())) {
                assertThat(client)
                        .as(workload.getKey())
                        .containsEntry(
                                "bootstrap.servers",
                                List.of("payhook-kafka-kafka-bootstrap:" + tlsListenerPort(rendered)))
                        .containsEntry("security.protocol", "SASL_SSL")
                        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                        .containsEntry("sasl.jaas.config", "secret:" + user + "/sasl.jaas.config")
                        .containsEntry("ssl.truststore.type", "PEM");
                assertThat(mountedFromClusterCa(rendered, workload.getValue(), container, (String)
                                client.get("ssl.truststore.location")))
                        .as(workload.getKey() + " trusts the cluster CA")
                        .isTrue();
            }
        }
        assertThat(users)
                .as("one user per service")
                .hasSize(rendered.workloads().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceMayTouchExactlyTheTopicsItsCodeNames(String overlay) throws Exception {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (var workload : rendered.workloads().entrySet()) {
            String name = workload.getKey();
            List<Acl> acls = KafkaAccess.acls(kafkaUser(
                    rendered,
                    kafkaUserOf(rendered, name, rendered.environment(RenderedOverlay.container(workload.getValue())))));
            Map<String, Set<String>> topics = KafkaAccess.literal(acls, "topic");
            assertThat(topics.keySet())
                    .as(name + " topics")
                    .containsExactlyInAnyOrderElementsOf(KafkaAccess.topicsNamedInCode(codePackage(name)));
            topics.forEach((topic, operations) -> assertThat(operations)
                    .as(name + " " + topic)
                    .contains("Describe")
                    .isSubsetOf("Read", "Write", "Describe"));
            assertThat(acls)
                    .as(name + ": no cluster permission, no wildcard")
                    .noneMatch(a -> a.type().equals("cluster") || "*".equals(a.name()));
            if (STREAMS_APPLICATIONS.contains(name)) {
                assertStreamsApplicationAccess(name, acls, topics);
            } else {
                assertThat(topics.values())
                        .as(name + " writes every topic it names")
                        .allMatch(ops -> ops.contains("Write"));
                assertThat(acls)
                        .as(name + " has no group, prefix or transactional id")
                        .allMatch(a -> a.type().equals("topic") && a.literal());
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static void assertStreamsApplicationAccess(String name, List<Acl> acls, Map<String, Set<String>> topics)
            throws Exception {
        Topology topology = topology(name);
        String applicationId =
                ServiceConfiguration.of(name.substring("payhook-".length())).get("spring.kafka.streams.application-id");
        KafkaAccess.sources(topology)
                .forEach(t -> assertThat(topics.get(t)).as(name + " reads " + t).contains("Read"));
        KafkaAccess.sinks(topology)
                .forEach(
                        t -> assertThat(topics.get(t)).as(name + " writes " + t).contains("Write"));
        // The reconciler's console follows some topics outside its topology (no group: it assigns partitions).
        Set<String> followed = name.equals("payhook-reconciler")
                ? Set.copyOf(dev.payhook.reconciler.console.LiveUpdates.TOPICS)
                : Set.of();
        followed.forEach(
                t -> assertThat(topics.get(t)).as(name + " follows " + t).contains("Read"));
        topics.forEach((topic, operations) -> {
            if (operations.contains("Read")) {
                assertThat(union(KafkaAccess.sources(topology), followed))
                        .as(name + " may read " + topic + " only as a source or to follow it")
                        .contains(topic);
            }
        });
        assertThat(KafkaAccess.literal(acls, "group"))
                .as(name + " group")
                .isEqualTo(Map.of(applicationId, Set.of("Read", "Describe")));
        // Internal topics (changelogs) and exactly-once transactional ids are named "<application.id>-…".
        assertThat(KafkaAccess.prefixed(acls, "topic")).extracting(Acl::name).containsExactly(applicationId + "-");
        assertThat(KafkaAccess.prefixed(acls, "transactionalId"))
                .extracting(Acl::name, Acl::operations)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(applicationId + "-", Set.of("Write", "Describe")));
        assertThat(KafkaAccess.literal(acls, "transactionalId")).isEmpty();
        if (name.equals("payhook-processor")) {
            // Its warm-up is a Streams application of its own: topics and transactional ids under the
            // prefixes above, and a group of its own, which it deletes when it ends.
            assertThat(ProcessorWarmup.APPLICATION_ID_PREFIX).startsWith(applicationId + "-");
            assertThat(KafkaAccess.prefixed(acls, "group"))
                    .extracting(Acl::name, Acl::operations)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(
                            ProcessorWarmup.APPLICATION_ID_PREFIX, Set.of("Read", "Describe", "Delete")));
        } else {
            assertThat(KafkaAccess.prefixed(acls, "group")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kedaMayOnlyDescribeTheGroupsItScalesOn(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Set<String> groups = new HashSet<>();
        Set<String> topics = new HashSet<>();
        String authentication = null;
        for (GenericKubernetesResource scaledObject : rendered.custom("ScaledObject")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> trigger = ((List<Map<String, Object>>)
                            RenderedOverlay.spec(scaledObject).get("triggers"))
                    .get(0);
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) trigger.get("metadata");
            assertThat(metadata)
                    .containsEntry("sasl", "scram_sha512")
                    .containsEntry("tls", "enable")
                    .containsEntry("bootstrapServers", "payhook-kafka-kafka-bootstrap:" + tlsListenerPort(rendered));
            String group = (String) metadata.get("consumerGroup");
            groups.add(group);
            ReplayedApplication application = ReplayedApplication.named(group.substring("payhook-".length()));
            topics.addAll(
                    metadata.containsKey("topic")
                            ? List.of((String) metadata.get("topic"))
                            : application.inputTopics());
            @SuppressWarnings("unchecked")
            String ref = (String) ((Map<String, Object>) trigger.get("authenticationRef")).get("name");
            assertThat(authentication == null || authentication.equals(ref))
                    .as("one KEDA login")
                    .isTrue();
            authentication = ref;
        }
        GenericKubernetesResource triggerAuthentication = rendered.custom("TriggerAuthentication").stream()
                .filter(t -> t.getMetadata().getName().equals(authenticationName(rendered)))
                .findFirst()
                .orElseThrow();
        Map<String, Map<String, String>> secrets = secretTargets(triggerAuthentication);
        String user = secrets.get("password").get("name");
        assertThat(secrets.get("password").get("key")).isEqualTo("password");
        assertThat(secrets.get("ca"))
                .isEqualTo(Map.of("name", clusterName(rendered) + "-cluster-ca-cert", "key", "ca.crt"));
        String username = rendered.all(io.fabric8.kubernetes.api.model.Secret.class).stream()
                .filter(s ->
                        s.getMetadata().getName().equals(secrets.get("username").get("name")))
                .findFirst()
                .orElseThrow()
                .getData()
                .get(secrets.get("username").get("key"));
        assertThat(new String(java.util.Base64.getDecoder().decode(username), StandardCharsets.UTF_8))
                .isEqualTo(user);
        List<Acl> acls = KafkaAccess.acls(kafkaUser(rendered, user));
        assertThat(acls).allMatch(a -> a.literal() && a.operations().equals(Set.of("Describe")));
        assertThat(KafkaAccess.literal(acls, "group").keySet()).containsExactlyInAnyOrderElementsOf(groups);
        assertThat(KafkaAccess.literal(acls, "topic").keySet()).containsExactlyInAnyOrderElementsOf(topics);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theReplayJobLogsInAsTheReplayUserWhichMayRewindOnlyTheApplicationsInputs(String overlay) throws Exception {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        for (ReplayedApplication application : ReplayedApplication.values()) {
            Job job = replayJob(application.displayName(), "--from", "2026-11-20T09:30:00Z", "--execute");
            PodTemplateSpec pods = job.getSpec().getTemplate();
            assertThat(pods.getMetadata().getLabels())
                    .as("admitted by the brokers' network policy")
                    .containsEntry("app.kubernetes.io/part-of", "payhook");
            Container container = RenderedOverlay.container(pods);
            List<String> args = container.getArgs();
            assertThat(args).startsWith(application.displayName()).contains("--execute");
            assertThat(args.get(args.indexOf("--bootstrap-servers") + 1))
                    .isEqualTo("payhook-kafka-kafka-bootstrap:" + tlsListenerPort(rendered));
            // The command-config file is the ConfigMap's, and what it references is mounted.
            String commandConfig = args.get(args.indexOf("--command-config") + 1);
            Properties client = new Properties();
            client.load(new StringReader(mountedFile(rendered, pods, container, commandConfig)));
            assertThat(client)
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
            String jaas = client.getProperty("sasl.jaas.config");
            String userDirectory = jaas.substring("${dir:".length(), jaas.lastIndexOf(':'));
            assertThat(secretMountedAt(pods, container, userDirectory)).isEqualTo("payhook-replay");
            assertThat(mountedFromClusterCa(rendered, pods, container, client.getProperty("ssl.truststore.location")))
                    .isTrue();
        }
        List<Acl> acls = KafkaAccess.acls(kafkaUser(rendered, "payhook-replay"));
        assertThat(acls).allMatch(a -> a.literal() && a.operations().equals(Set.of("Read", "Describe")));
        assertThat(KafkaAccess.literal(acls, "group").keySet())
                .containsExactlyInAnyOrder(
                        ReplayedApplication.PROCESSOR.applicationId(), ReplayedApplication.RECONCILER.applicationId());
        assertThat(KafkaAccess.literal(acls, "topic").keySet())
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.of(ReplayedApplication.values())
                        .flatMap(a -> a.inputTopics().stream())
                        .collect(Collectors.toSet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyKafkaUserBelongsToTheClusterAndIsUsedBySomeone(String overlay) {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        Set<String> used = new HashSet<>(Set.of("payhook-replay", "payhook-keda", collectorUser(rendered)));
        rendered.workloads()
                .forEach((name, pods) ->
                        used.add(kafkaUserOf(rendered, name, rendered.environment(RenderedOverlay.container(pods)))));
        assertThat(rendered.custom("KafkaUser")).allSatisfy(user -> {
            assertThat(user.getApiVersion()).isEqualTo("kafka.strimzi.io/v1");
            assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", clusterName(rendered));
            assertThat(RenderedOverlay.spec(user).get("authentication")).isEqualTo(Map.of("type", "scram-sha-512"));
        });
        assertThat(rendered.custom("KafkaUser"))
                .extracting(u -> u.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(used);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theCollectorRunsOneAtATimeAsItsOwnUserTouchingExactlyTheTopicsItsCodeNames(String overlay) throws Exception {
        RenderedOverlay rendered = RenderedOverlay.of(overlay);
        CronJob collector = collectorJob(rendered);
        assertThat(collector.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        Container container = RenderedOverlay.container(
                collector.getSpec().getJobTemplate().getSpec().getTemplate());
        assertThat(container.getImage()).contains("payhook/collector");
        assertThat(container.getArgs()).contains("--payhook.collector.mode=once");
        List<Acl> acls = KafkaAccess.acls(kafkaUser(rendered, collectorUser(rendered)));
        Map<String, Set<String>> topics = KafkaAccess.literal(acls, "topic");
        assertThat(topics.keySet())
                .containsExactlyInAnyOrderElementsOf(KafkaAccess.topicsNamedInCode(codePackage("payhook-collector")));
        assertThat(topics)
                .isEqualTo(Map.of(
                        Topics.WEBHOOKS, Set.of("Write", "Describe"),
                        Topics.SETTLEMENTS, Set.of("Write", "Describe"),
                        Topics.BANK_STATEMENTS, Set.of("Write", "Describe"),
                        Topics.RECOVERY_CHECKPOINTS, Set.of("Write", "Read", "Describe"),
                        Topics.REPORT_ANNOUNCEMENTS, Set.of("Read", "Describe"),
                        Topics.REPORT_COLLECTIONS, Set.of("Write", "Read", "Describe")));
        // It reads the announced reports as one consumer group, committing what it handled.
        assertThat(KafkaAccess.literal(acls, "group"))
                .isEqualTo(Map.of(ReportAnnouncements.GROUP, Set.of("Read", "Describe")));
        assertThat(acls)
                .as("no prefix, transactional id or cluster permission")
                .allMatch(a ->
                        a.literal() && (a.type().equals("topic") || a.type().equals("group")));
    }

    private static CronJob collectorJob(RenderedOverlay rendered) {
        return rendered.all(CronJob.class).stream()
                .filter(j -> j.getMetadata().getName().equals("payhook-collector"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no CronJob payhook-collector"));
    }

    private static String collectorUser(RenderedOverlay rendered) {
        CronJob collector = collectorJob(rendered);
        Container container = RenderedOverlay.container(
                collector.getSpec().getJobTemplate().getSpec().getTemplate());
        return kafkaUserOf(rendered, "payhook-collector", rendered.environment(container));
    }

    // --- the rendered manifests, read the way the cluster would ---------------------------------

    private static GenericKubernetesResource kafka(RenderedOverlay rendered) {
        return rendered.custom("Kafka").get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kafkaSpec(RenderedOverlay rendered) {
        return (Map<String, Object>) RenderedOverlay.spec(kafka(rendered)).get("kafka");
    }

    private static String clusterName(RenderedOverlay rendered) {
        return kafka(rendered).getMetadata().getName();
    }

    @SuppressWarnings("unchecked")
    private static int tlsListenerPort(RenderedOverlay rendered) {
        List<Map<String, Object>> listeners =
                (List<Map<String, Object>>) kafkaSpec(rendered).get("listeners");
        assertThat(listeners).hasSize(1);
        return (Integer) listeners.get(0).get("port");
    }

    private static GenericKubernetesResource kafkaUser(RenderedOverlay rendered, String name) {
        return rendered.custom("KafkaUser").stream()
                .filter(u -> u.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaUser " + name));
    }

    /** The KafkaUser whose Secret the workload takes its JAAS login from. */
    private static String kafkaUserOf(RenderedOverlay rendered, String workload, Map<String, String> env) {
        String jaas = env.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
        assertThat(jaas)
                .as(workload + " Kafka login")
                .isNotNull()
                .startsWith("secret:")
                .endsWith("/sasl.jaas.config");
        String user = jaas.substring("secret:".length(), jaas.indexOf('/'));
        kafkaUser(rendered, user);
        return user;
    }

    /** Spring Boot's Kafka settings as the service binds them from this environment. */
    private static KafkaProperties bind(Map<String, String> env) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(env)));
        return Binder.get(environment)
                .bind("spring.kafka", KafkaProperties.class)
                .orElseGet(KafkaProperties::new);
    }

    private static boolean mountedFromClusterCa(
            RenderedOverlay rendered, PodTemplateSpec pods, Container container, String file) {
        return container.getVolumeMounts().stream()
                .anyMatch(mount -> file.startsWith(mount.getMountPath() + "/")
                        && volume(pods, mount.getName()).getSecret() != null
                        && volume(pods, mount.getName())
                                .getSecret()
                                .getSecretName()
                                .equals(clusterName(rendered) + "-cluster-ca-cert")
                        && volume(pods, mount.getName()).getSecret().getItems().stream()
                                .anyMatch(i -> i.getKey().equals("ca.crt")
                                        && file.equals(mount.getMountPath() + "/" + i.getPath())));
    }

    private static String secretMountedAt(PodTemplateSpec pods, Container container, String directory) {
        return container.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(directory))
                .map(m -> volume(pods, m.getName()).getSecret().getSecretName())
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + directory));
    }

    private static String mountedFile(
            RenderedOverlay rendered, PodTemplateSpec pods, Container container, String file) {
        var mount = container.getVolumeMounts().stream()
                .filter(m -> file.startsWith(m.getMountPath() + "/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted for " + file));
        String configMap = volume(pods, mount.getName()).getConfigMap().getName();
        ConfigMap data = rendered.all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(configMap))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + configMap));
        return data.getData().get(file.substring(mount.getMountPath().length() + 1));
    }

    private static Volume volume(PodTemplateSpec pods, String name) {
        return pods.getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static String authenticationName(RenderedOverlay rendered) {
        @SuppressWarnings("unchecked")
        Map<String, Object> trigger = ((List<Map<String, Object>>)
                        RenderedOverlay.spec(rendered.custom("ScaledObject").get(0))
                                .get("triggers"))
                .get(0);
        @SuppressWarnings("unchecked")
        String name = (String) ((Map<String, Object>) trigger.get("authenticationRef")).get("name");
        return name;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> secretTargets(GenericKubernetesResource triggerAuthentication) {
        return ((List<Map<String, String>>)
                        RenderedOverlay.spec(triggerAuthentication).get("secretTargetRef"))
                .stream()
                        .collect(Collectors.toMap(
                                t -> t.get("parameter"), t -> Map.of("name", t.get("name"), "key", t.get("key"))));
    }

    private static Job replayJob(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(
                List.of("bash", RenderedOverlay.K8S.resolve("replay-job.sh").toString()));
        command.addAll(List.of(args));
        Process script = new ProcessBuilder(command).redirectErrorStream(true).start();
        String yaml = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.waitFor(30, TimeUnit.SECONDS) && script.exitValue() == 0)
                .as("replay-job.sh: " + yaml)
                .isTrue();
        return new KubernetesSerialization().unmarshal(yaml, Job.class);
    }
}
