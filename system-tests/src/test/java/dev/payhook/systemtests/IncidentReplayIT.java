package dev.payhook.systemtests;

import static dev.payhook.systemtests.Services.BOOTSTRAP;
import static dev.payhook.systemtests.Services.OPERATOR;
import static dev.payhook.systemtests.Services.answered;
import static dev.payhook.systemtests.Services.get;
import static dev.payhook.systemtests.Services.openByPayment;
import static dev.payhook.systemtests.Services.port;
import static dev.payhook.systemtests.Services.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentTransition;
import dev.payhook.common.Topics;
import dev.payhook.replay.Replay;
import dev.payhook.replay.ReplayedApplication;
import dev.payhook.testkit.ConsumerGroups;
import dev.payhook.testkit.ProviderSigner;
import dev.payhook.testkit.SettlementScenario;
import dev.payhook.testkit.SignedWebhook;
import dev.payhook.testkit.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The RUNBOOK's incident replay through a real KRaft broker and the three real services: the
 * processor stops mid-stream while webhooks keep arriving, is replayed from before the incident and
 * catches up; then both Streams applications are replayed from their earliest offsets (the processor
 * on an empty state directory, as on a new node). Every payment snapshot stays identical, no second
 * transition is emitted and the reconciler emits no new discrepancy record.
 */
class IncidentReplayIT {

    private static ConfigurableApplicationContext ingress;
    private static int ingressPort;
    private static int processorPort;
    private static int reconcilerPort;

    @BeforeAll
    static void startIngress() throws Exception {
        ingress = Services.ingress();
        ingressPort = port(ingress);
    }

    @AfterAll
    static void stopIngress() {
        ingress.close();
    }

    @Test
    void replayAfterAnIncidentConvergesAndEmitsNothingTwice() throws Exception {
        long seed = System.nanoTime() % 1_000_000;
        System.out.println("scenario seed " + seed + " (SettlementScenario.generate(seed, 3, …) reproduces it)");
        SettlementScenario scenario = SettlementScenario.generate(
                seed, 3, Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS));
        List<SignedWebhook> webhooks = new ArrayList<>();
        ProviderSigner signer = new ProviderSigner();
        scenario.payments().forEach(payment -> payment.webhooks().forEach(fact -> webhooks.add(signer.standard(fact))));

        String processorState = Files.createTempDirectory("processor").toString();
        String reconcilerState = Files.createTempDirectory("reconciler").toString();
        ConfigurableApplicationContext processor = startProcessor(processorState);
        ConfigurableApplicationContext reconciler = startReconciler(reconcilerState);

        // The incident: the processor goes down mid-stream while providers keep sending.
        Instant incidentStart = Instant.now();
        int third = webhooks.size() / 3;
        postAll(webhooks.subList(0, third));
        CompletableFuture<Void> rest =
                CompletableFuture.runAsync(() -> postAll(webhooks.subList(third, webhooks.size())));
        processor.close();
        rest.join();

        // The runbook: refused while running is covered below; stopped, dry run, replay from the incident's start.
        String dryRun = replay(0, "processor", "--from", incidentStart.toString());
        assertThat(dryRun).contains("DRY RUN").contains(Topics.WEBHOOKS);
        replay(0, "processor", "--from", incidentStart.toString(), "--execute");
        processor = startProcessor(processorState);
        awaitCaughtUp(ReplayedApplication.PROCESSOR);
        awaitApplied(scenario);

        HttpResponse<String> upload =
                post("http://localhost:" + ingressPort + "/settlements/adyen", scenario.report("adyen"), OPERATOR);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(openByPayment(answered(open()).body(), seed))
                        .isEqualTo(scenario.expectedDiscrepancies()));
        awaitCaughtUp(ReplayedApplication.RECONCILER);

        Map<String, String> snapshots = snapshots(scenario);
        List<String> transitions = records(Topics.PAYMENT_TRANSITIONS);
        List<String> discrepancies = records(Topics.DISCREPANCIES);
        // A transition emitted twice differs only in transitionedAt: compare what identifies one.
        assertThat(transitions.stream().map(IncidentReplayIT::transitionIdentity))
                .as("transitions after the incident's replay")
                .isNotEmpty()
                .doesNotHaveDuplicates();
        assertThat(discrepancies)
                .hasSizeGreaterThanOrEqualTo(scenario.expectedDiscrepancies().size());

        // A replay is refused while the application runs, and nothing moves.
        Map<TopicPartition, OffsetAndMetadata> before = committed(ReplayedApplication.PROCESSOR);
        assertThat(replay(Replay.REFUSED, "processor", "--from", "earliest", "--execute"))
                .contains("still has 1 active member");
        // A dry run changes nothing either.
        processor.close();
        reconciler.close();
        String plan = replay(0, "processor", "--from", "earliest");
        assertThat(plan).contains("would be read again");
        assertThat(committed(ReplayedApplication.PROCESSOR)).isEqualTo(before);
        // Later than anything consumed: never skips ahead.
        assertThat(replay(
                        0,
                        "reconciler",
                        "--from",
                        Instant.now().plus(Duration.ofHours(1)).toString()))
                .contains("Nothing to replay");

        // Both from the very beginning; the processor on a new node (empty state directory).
        assertThat(replay(0, "processor", "--from", "earliest", "--execute")).contains("Rewound");
        assertThat(replay(0, "reconciler", "--from", "earliest", "--execute")).contains("Rewound");
        processor =
                startProcessor(Files.createTempDirectory("processor-new-node").toString());
        reconciler = startReconciler(reconcilerState);
        try {
            awaitCaughtUp(ReplayedApplication.PROCESSOR);
            awaitCaughtUp(ReplayedApplication.RECONCILER);
            assertThat(snapshots(scenario)).isEqualTo(snapshots);
            assertThat(records(Topics.PAYMENT_TRANSITIONS))
                    .as("transitions after the replays")
                    .isEqualTo(transitions);
            assertThat(records(Topics.DISCREPANCIES))
                    .as("discrepancy records after the replays")
                    .isEqualTo(discrepancies);
            assertThat(openByPayment(answered(open()).body(), seed)).isEqualTo(scenario.expectedDiscrepancies());
        } finally {
            reconciler.close();
            processor.close();
        }
    }

    /** Starts the processor on a port its web server picks; queries go to the running instance's port. */
    private ConfigurableApplicationContext startProcessor(String stateDir) {
        ConfigurableApplicationContext processor = Services.processor(stateDir);
        processorPort = port(processor);
        return processor;
    }

    private ConfigurableApplicationContext startReconciler(String stateDir) {
        ConfigurableApplicationContext reconciler = Services.reconciler(stateDir);
        reconcilerPort = port(reconciler);
        return reconciler;
    }

    /**
     * Runs the operators' command once, as they would, checks its exit code and returns what it
     * printed. A stopped application's members leave its group asynchronously: the runbook's "wait
     * for 0 pods" is waiting here until the group is empty (unless the refusal is what is tested).
     */
    private static String replay(int expectedExit, String... args) throws Exception {
        if (expectedExit != Replay.REFUSED) {
            String group = ReplayedApplication.named(args[0]).applicationId();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
                Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> admin.describeConsumerGroups(List.of(group))
                                .all()
                                .get()
                                .get(group)
                                .members()
                                .isEmpty());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        String[] withBroker = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(args), java.util.stream.Stream.of("--bootstrap-servers", BOOTSTRAP))
                .toArray(String[]::new);
        int exit = Replay.run(withBroker, print, print);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(String.join(" ", args) + " printed:\n" + printed).isEqualTo(expectedExit);
        return printed;
    }

    private static void postAll(List<SignedWebhook> webhooks) {
        for (SignedWebhook webhook : webhooks) {
            try {
                assertThat(post(
                                        "http://localhost:" + ingressPort + "/webhooks/standard",
                                        webhook.body(),
                                        webhook.headers())
                                .statusCode())
                        .isEqualTo(200);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static void awaitApplied(SettlementScenario scenario) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    for (SettlementScenario.PlannedPayment payment : scenario.payments()) {
                        for (ProviderSigner.PaymentFact fact : payment.webhooks()) {
                            assertThat(get("http://localhost:" + processorPort + "/payments/" + payment.paymentId())
                                            .body())
                                    .contains(fact.eventId());
                        }
                    }
                });
    }

    private static Map<String, String> snapshots(SettlementScenario scenario) throws Exception {
        Map<String, String> snapshots = new TreeMap<>();
        for (SettlementScenario.PlannedPayment payment : scenario.payments()) {
            HttpResponse<String> response =
                    answered("http://localhost:" + processorPort + "/payments/" + payment.paymentId());
            snapshots.put(payment.paymentId(), response.statusCode() + " " + response.body());
        }
        return snapshots;
    }

    /** Every committed record of a topic as key and value, sorted: a second emission shows up as an extra entry. */
    private static List<String> records(String topic) {
        return TopicReader.all(BOOTSTRAP, topic, r -> true).stream()
                .map(r -> r.key() + " " + r.value())
                .sorted()
                .toList();
    }

    /** (paymentId, eventId, from, to) of a transition record as {@link #records} lists it ("key value"). */
    private static String transitionIdentity(String record) {
        PaymentTransition transition = JsonSerde.of(PaymentTransition.class)
                .deserialize(
                        Topics.PAYMENT_TRANSITIONS,
                        record.substring(record.indexOf(' ') + 1).getBytes(StandardCharsets.UTF_8));
        return transition.paymentId() + " " + transition.eventId() + " " + transition.from() + " " + transition.to();
    }

    private static void awaitCaughtUp(ReplayedApplication application) throws Exception {
        ConsumerGroups.awaitCaughtUp(BOOTSTRAP, application.applicationId(), application.inputTopics());
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(ReplayedApplication application) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            return admin.listConsumerGroupOffsets(application.applicationId())
                    .partitionsToOffsetAndMetadata()
                    .get();
        }
    }

    private static String open() {
        return "http://localhost:" + reconcilerPort + "/reconciliation/discrepancies?status=OPEN";
    }
}
