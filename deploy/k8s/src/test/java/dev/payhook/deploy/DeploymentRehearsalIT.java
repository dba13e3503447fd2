package dev.payhook.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.processor.stream.ProcessorWarmup;
import dev.payhook.simulator.ProviderApiSimulator;
import dev.payhook.testkit.ProviderSigner;
import dev.payhook.testkit.SignedWebhook;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deployment rehearsed on this machine: payhook's images, built here, run with the environment the dev
 * overlay's workloads set, against a broker that authenticates them (SASL_SSL, SCRAM-SHA-512) and enforces
 * the overlay's KafkaUser ACLs ({@code StandardAuthorizer}, nothing allowed without an ACL). Users, ACLs
 * and topics are created from the rendered overlay ({@code kubectl kustomize}), as Strimzi's operators
 * would. What only a cluster provides is mapped in {@link RehearsalPod.Cluster}; nothing else is written by
 * hand. Not rehearsed: a scheduler, Strimzi's operators themselves, KEDA, NetworkPolicies, resource limits.
 */
class DeploymentRehearsalIT {

    static final Path K8S = RenderedOverlay.K8S;
    static final Path ROOT = K8S.resolve("../..").normalize();
    static final Path WORK = K8S.resolve("target/rehearsal");
    static final String OVERLAY = "dev";
    /** The images' tag: built by this test, from the jars of this build. */
    static final String TAG = "rehearsal";
    /**
     * Each workload's management port: 9090 in every pod, each in a network of its own; these containers
     * share the host's network, so each has its own here.
     */
    static final Map<String, Integer> MANAGEMENT =
            Map.of("payhook-ingress", 9090, "payhook-processor", 9091, "payhook-reconciler", 9095);
    /** The order pods start in: the processor and the reconciler first, the ingress (the one taking traffic) last. */
    static final List<String> WORKLOADS = List.of("payhook-processor", "payhook-reconciler", "payhook-ingress");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RenderedOverlay overlay;
    private static RehearsalBroker broker;
    private static RehearsalPod.Cluster cluster;
    private static String operatorToken;
    private static ProviderApiSimulator providers;

    @BeforeAll
    static void deploy() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        Files.createDirectories(WORK);
        Commands.run(
                List.of(
                        "bash",
                        ROOT.resolve("deploy/docker/install-container-tools.sh").toString()),
                WORK.resolve("install.log"),
                Duration.ofMinutes(10));
        removeContainers();
        for (int port : List.of(8080, 8081, 8082, 8086, 9090, 9091, 9095, 9096, RehearsalBroker.PORT)) {
            try (var socket = new java.net.ServerSocket(port)) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                throw new IllegalStateException("port " + port + " is taken: the rehearsal runs payhook on the"
                        + " ports the services use; stop the local stack (deploy/local/run.sh) and run it again");
            }
        }
        overlay = RenderedOverlay.of(OVERLAY);

        broker = RehearsalBroker.start(WORK.resolve("kafka"), ROOT.resolve("deploy/local/broker/target/kafka/libs"));
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        try (Admin admin = Admin.create(broker.adminClient())) {
            ManifestKafka.createTopics(admin, overlay);
            secrets.putAll(ManifestKafka.createUsers(admin, overlay));
        }
        // The Secret the manifests leave to the user (collector.yaml): the API keys of the sources the
        // recovery polls, and where their API is; here the providers' simulated APIs.
        providers = ProviderApiSimulator.start(0);
        secrets.put(
                "payhook-provider-api-keys",
                Map.of(
                        "PAYHOOK_SOURCES_STRIPE_API_KEY",
                        ProviderApiSimulator.STRIPE_KEY,
                        "PAYHOOK_SOURCES_STRIPE_API_BASE",
                        providers.base().toString()));
        cluster = new RehearsalPod.Cluster(secrets, broker.caCertificate(), hosts(), MANAGEMENT);

        Commands.run(
                List.of(
                        "bash",
                        ROOT.resolve("deploy/docker/images.sh").toString(),
                        "--local-base",
                        "--prebuilt",
                        TAG,
                        "ingress",
                        "processor",
                        "reconciler",
                        "collector"),
                WORK.resolve("images.log"),
                Duration.ofMinutes(15));

        for (String workload : WORKLOADS) {
            start(workload, "rehearsal-" + workload, Map.of());
        }
        for (String workload : WORKLOADS) {
            awaitReady(workload, "rehearsal-" + workload);
        }
        operatorToken = RehearsalPod.of(overlay, "payhook-reconciler", template("payhook-reconciler"), "x", cluster)
                .env()
                .get("PAYHOOK_OPERATORS_LOCAL");
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (String workload : WORKLOADS) {
            keepLogs("rehearsal-" + workload);
        }
        keepLogs("rehearsal-denied");
        keepLogs("rehearsal-collector");
        removeContainers();
        if (broker != null) {
            broker.close();
        }
        if (providers != null) {
            providers.close();
        }
    }

    /** Every probe of every workload, at the path and port its manifest names, answers 200 on the running pod. */
    @Test
    void theManifestsProbesAnswerOnTheRunningContainers() throws Exception {
        for (String workload : WORKLOADS) {
            Container container = RenderedOverlay.container(template(workload));
            Map<String, Probe> probes = new LinkedHashMap<>();
            probes.put("liveness", container.getLivenessProbe());
            probes.put("readiness", container.getReadinessProbe());
            probes.put("startup", container.getStartupProbe());
            for (Map.Entry<String, Probe> probe : probes.entrySet()) {
                assertThat(probe.getValue())
                        .as(workload + " " + probe.getKey() + " probe")
                        .isNotNull();
                HttpResponse<String> answer = get(probeUrl(workload, container, probe.getValue()), Map.of());
                assertThat(answer.statusCode())
                        .as(workload + " " + probe.getKey() + " probe "
                                + probeUrl(workload, container, probe.getValue()) + ": " + answer.body())
                        .isEqualTo(200);
            }
        }
    }

    /**
     * The demo through the containers: a signed webhook becomes payment state, a settlement report that
     * disagrees becomes a discrepancy, and an operator's resolution becomes a journal entry.
     */
    @Test
    void webhooksBecomeStateAReportItsDiscrepancyAndAResolutionAJournalEntry() throws Exception {
        String paymentId = "pay_rehearsal_" + Long.toString(System.nanoTime(), 36);
        Instant captured = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        ObjectNode message =
                JSON.createObjectNode().put("type", "payment.captured").put("timestamp", captured.toString());
        message.putObject("data")
                .put("paymentId", paymentId)
                .put("amount", 10000)
                .put("currency", "EUR");
        SignedWebhook webhook = new ProviderSigner().standard("msg_" + paymentId, message);
        HttpResponse<String> accepted =
                post("http://localhost:8080/webhooks/standard", webhook.body(), webhook.headers());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);

        Map<String, String> operator = Map.of("Authorization", "Bearer " + operatorToken);
        JsonNode payment = await(
                "the payment's state",
                () -> get("http://localhost:8082/console/api/payments/" + paymentId, operator),
                r -> r.statusCode() == 200 && r.body().contains("CAPTURED"));
        assertThat(payment.toString()).contains("\"capturedAmount\":10000");

        String report = "payment_id,type,amount,currency,fee,settled_at,reference\n" + paymentId
                + ",capture,99.00,EUR,," + captured.plus(Duration.ofMinutes(30)) + ",ref_" + paymentId + "\n";
        Map<String, String> upload = new LinkedHashMap<>(operator);
        upload.put("Content-Type", "text/csv");
        HttpResponse<String> uploaded = post("http://localhost:8080/settlements/generic", report, upload);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(202);

        JsonNode discrepancies = await(
                "the report's amount mismatch",
                () -> get("http://localhost:8082/reconciliation/discrepancies?paymentId=" + paymentId, operator),
                r -> r.statusCode() == 200 && r.body().contains("AMOUNT_MISMATCH"));
        String discrepancyId = discrepancies.get(0).get("discrepancyId").asString();

        Map<String, String> json = new LinkedHashMap<>(operator);
        json.put("Content-Type", "application/json");
        HttpResponse<String> resolved = post(
                "http://localhost:8082/reconciliation/discrepancies/" + discrepancyId + "/resolve",
                "{\"note\":\"short settlement written off\",\"action\":\"WRITE_OFF\"}",
                json);
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(202);
        JsonNode journal = await(
                "the write-off's journal entry",
                () -> get("http://localhost:8082/journal", operator),
                r -> r.statusCode() == 200 && r.body().contains(discrepancyId));
        assertThat(journal.toString()).contains("write-offs").contains("\"debit\":100");
    }

    /**
     * A delivery Stripe dropped, recovered: the collector's CronJob, run once from its image with its
     * environment, polls the provider's API (simulated), publishes the missed capture under its KafkaUser,
     * and exits 0; the payment is captured.
     */
    @Test
    void theCollectorsRunRecoversADroppedDelivery() throws Exception {
        String paymentId = "pi_rehearsal_" + Long.toString(System.nanoTime(), 36);
        Instant at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        ProviderSigner signer = new ProviderSigner();
        SignedWebhook authorized = signer.sign("stripe", fact(paymentId, "payment.authorized", at));
        providers.record(authorized);
        assertThat(post("http://localhost:8080/webhooks/stripe", authorized.body(), authorized.headers())
                        .statusCode())
                .isEqualTo(200);
        // The capture is made at the provider, and never pushed.
        providers.record(signer.sign("stripe", fact(paymentId, "payment.captured", at.plusSeconds(1))));
        Map<String, String> operator = Map.of("Authorization", "Bearer " + operatorToken);
        await(
                "the authorization",
                () -> get("http://localhost:8082/console/api/payments/" + paymentId, operator),
                r -> r.statusCode() == 200 && r.body().contains("AUTHORIZED"));

        CronJob collector = overlay.all(CronJob.class).get(0);
        PodTemplateSpec job = collector.getSpec().getJobTemplate().getSpec().getTemplate();
        RehearsalPod pod = RehearsalPod.of(
                overlay,
                collector.getMetadata().getName(),
                job,
                collector.getMetadata().getName(),
                cluster);
        Commands.run(
                pod.run("rehearsal-collector", TAG, job.getSpec(), cluster.hosts()),
                WORK.resolve("podman.log"),
                Duration.ofMinutes(1));
        String exit = Commands.run(
                        List.of("podman", "wait", "rehearsal-collector"),
                        WORK.resolve("podman.log"),
                        Duration.ofMinutes(3))
                .strip();
        assertThat(exit)
                .as("the collector's exit status: " + tail(logs("rehearsal-collector")))
                .isEqualTo("0");

        JsonNode payment = await(
                "the recovered capture",
                () -> get("http://localhost:8082/console/api/payments/" + paymentId, operator),
                r -> r.statusCode() == 200 && r.body().contains("CAPTURED"));
        assertThat(payment.toString()).contains("\"capturedAmount\":4200");
    }

    private static ProviderSigner.PaymentFact fact(String paymentId, String type, Instant at) {
        return new ProviderSigner.PaymentFact(
                "evt_" + type.substring("payment.".length()) + "_" + paymentId,
                type,
                paymentId,
                "ord_" + paymentId,
                4_200,
                "EUR",
                null,
                at);
    }

    /**
     * A service that reaches for a topic outside its ACL is denied, and says so on its health endpoint: the
     * processor's image and environment, logged in as the ingress's KafkaUser (which may only write webhooks).
     */
    /**
     * The processor warms up through the broker as its own KafkaUser (users.yaml: the warm-up's topics,
     * transactional ids and group), before it takes partitions, and leaves no topic or group there.
     */
    @Test
    void theProcessorWarmsUpOnTheBrokerWithinItsAclsAndLeavesNothingThere() throws Exception {
        assertThat(logs("rehearsal-payhook-processor"))
                .contains("warm-up: 20000 made-up events through the topology on the broker (16000 applied,"
                        + " 4000 duplicates, 0 dead letters)")
                .doesNotContain("warm-up stopped");
        try (Admin admin = Admin.create(broker.adminClient())) {
            assertThat(admin.listTopics().names().get())
                    .noneMatch(topic -> topic.startsWith(ProcessorWarmup.APPLICATION_ID_PREFIX));
            assertThat(admin.listGroups().all().get())
                    .extracting(GroupListing::groupId)
                    .noneMatch(group -> group.startsWith(ProcessorWarmup.APPLICATION_ID_PREFIX));
        }
    }

    @Test
    void aServiceOutsideItsAclsIsDeniedAndShowsUnhealthy() throws Exception {
        String ingressLogin = cluster.secrets().get("payhook-ingress").get("sasl.jaas.config");
        start(
                "payhook-processor",
                "rehearsal-denied",
                Map.of(
                        "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", ingressLogin,
                        "MANAGEMENT_SERVER_PORT", "9096",
                        "SERVER_PORT", "8086"));
        // Its stream thread is denied, replaced a few times, then the client stops (ERROR): Streams DOWN.
        // Until then the readiness probe may already answer 503 with the client still REBALANCING.
        HttpResponse<String> health = awaitResponse(
                "the denied processor's readiness, its Streams client stopped",
                () -> get("http://localhost:9096/actuator/health/readiness", Map.of()),
                r -> r.statusCode() == 503 && r.body().contains("\"state\":\"ERROR\""),
                Duration.ofSeconds(120));
        assertThat(health.body()).contains("DOWN").contains("GroupAuthorizationException");
    }

    // --- How the rehearsal runs pods ---

    static PodTemplateSpec template(String workload) {
        PodTemplateSpec template = overlay.workloads().get(workload);
        if (template == null) {
            throw new AssertionError("the overlay has no workload " + workload);
        }
        return template;
    }

    /** Pod names as the cluster names them: a StatefulSet's first pod is {@code <name>-0}. */
    static String podName(String workload) {
        boolean stateful = overlay.all(StatefulSet.class).stream()
                .anyMatch(s -> s.getMetadata().getName().equals(workload));
        return stateful ? workload + "-0" : workload;
    }

    /** The cluster's names, all this machine: its Services, the StatefulSets' pods, the Kafka bootstrap. */
    static List<String> hosts() {
        List<String> hosts = new ArrayList<>();
        String namespace = overlay.all(Service.class).get(0).getMetadata().getNamespace();
        for (Service service : overlay.all(Service.class)) {
            hosts.add(service.getMetadata().getName());
            hosts.add(service.getMetadata().getName() + "." + namespace + ".svc");
        }
        for (StatefulSet set : overlay.all(StatefulSet.class)) {
            hosts.add(set.getMetadata().getName() + "-0." + set.getSpec().getServiceName() + "." + namespace + ".svc");
        }
        for (var kafka : overlay.custom("Kafka")) {
            hosts.add(kafka.getMetadata().getName() + "-kafka-bootstrap");
        }
        return hosts;
    }

    private static void start(String workload, String containerName, Map<String, String> changed)
            throws IOException, InterruptedException {
        PodTemplateSpec template = template(workload);
        RehearsalPod pod = RehearsalPod.of(overlay, workload, template, podName(workload), cluster);
        Map<String, String> env = new LinkedHashMap<>(pod.env());
        env.putAll(changed);
        RehearsalPod changedPod = new RehearsalPod(pod.name(), pod.image(), env, pod.args(), pod.mounts());
        Commands.run(
                changedPod.run(containerName, TAG, template.getSpec(), cluster.hosts()),
                WORK.resolve("podman.log"),
                Duration.ofMinutes(2));
    }

    private static void awaitReady(String workload, String containerName) throws Exception {
        Container container = RenderedOverlay.container(template(workload));
        String readiness = probeUrl(workload, container, container.getReadinessProbe());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            try {
                int status = get(readiness, Map.of()).statusCode();
                if (status == 200) {
                    return;
                }
                if (status == 404) {
                    throw new AssertionError(workload + "'s readiness probe " + readiness + " does not exist (404)");
                }
            } catch (IOException notListeningYet) {
                // starting
            }
            String state = Commands.run(
                            List.of("podman", "inspect", "-f", "{{.State.Status}}", containerName),
                            WORK.resolve("podman.log"),
                            Duration.ofSeconds(30))
                    .strip();
            if (!state.equals("running") || Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        workload + " did not become ready (" + state + "): " + tail(logs(containerName)));
            }
            Thread.sleep(1000);
        }
    }

    private static String probeUrl(String workload, Container container, Probe probe) {
        HTTPGetAction http = probe.getHttpGet();
        int port = RehearsalPod.port(
                container,
                http.getPort().getStrVal() != null
                        ? http.getPort().getStrVal()
                        : http.getPort().getIntVal(),
                MANAGEMENT.get(workload));
        return "http://localhost:" + port + http.getPath();
    }

    private static String logs(String containerName) {
        try {
            return Commands.run(
                    List.of("podman", "logs", containerName), WORK.resolve("podman.log"), Duration.ofSeconds(30));
        } catch (Exception e) {
            return "(no logs: " + e.getMessage() + ")";
        }
    }

    private static void keepLogs(String containerName) throws IOException {
        Files.writeString(WORK.resolve(containerName + ".log"), logs(containerName));
    }

    private static void removeContainers() throws IOException, InterruptedException {
        List<String> names = new ArrayList<>(List.of("podman", "rm", "-f", "-t", "10", "--ignore"));
        WORKLOADS.forEach(w -> names.add("rehearsal-" + w));
        names.add("rehearsal-denied");
        names.add("rehearsal-collector");
        Commands.run(names, WORK.resolve("podman.log"), Duration.ofMinutes(2));
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 4000));
    }

    // --- HTTP ---

    private static HttpResponse<String> get(String url, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    interface Call {
        HttpResponse<String> call() throws IOException, InterruptedException;
    }

    private static JsonNode await(String what, Call call, Predicate<HttpResponse<String>> done) throws Exception {
        return JSON.readTree(
                awaitResponse(what, call, done, Duration.ofSeconds(60)).body());
    }

    private static HttpResponse<String> awaitResponse(
            String what, Call call, Predicate<HttpResponse<String>> done, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> answer = call.call();
                if (done.test(answer)) {
                    return answer;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + " within " + within + "; last: " + tail(last));
    }
}
