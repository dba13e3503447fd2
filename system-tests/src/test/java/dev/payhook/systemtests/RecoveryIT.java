package dev.payhook.systemtests;

import static dev.payhook.systemtests.Services.BOOTSTRAP;
import static dev.payhook.systemtests.Services.OPERATOR;
import static dev.payhook.systemtests.Services.get;
import static dev.payhook.systemtests.Services.port;
import static dev.payhook.systemtests.Services.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.collector.recovery.RecoveryJob;
import dev.payhook.common.Discrepancy;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentStatus;
import dev.payhook.common.Topics;
import dev.payhook.simulator.ProviderApiSimulator;
import dev.payhook.testkit.ConsumerGroups;
import dev.payhook.testkit.ProviderSigner;
import dev.payhook.testkit.ProviderSigner.PaymentFact;
import dev.payhook.testkit.SignedWebhook;
import dev.payhook.testkit.TopicReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.type.TypeReference;

/**
 * The recovery job against the provider API simulator, through the real broker: what push delivery
 * dropped is found by polling and applied once; overlaps with pushed webhooks change nothing; the
 * checkpoint survives the collector's restart; a provider that is down or rate-limiting costs retries, never a
 * window; a stuck payment and a payment behind an UNKNOWN_SETTLEMENT are looked up by id. The tests
 * run in order: each starts from what the ones before left at the simulator and in the topics.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecoveryIT {

    private static final ProviderSigner SIGNER = new ProviderSigner();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000);
    private static final int ATTEMPTS = 3;

    private static ProviderApiSimulator provider;
    private static ConfigurableApplicationContext processor;
    private static ConfigurableApplicationContext reconciler;
    private static ConfigurableApplicationContext ingress;
    private static ConfigurableApplicationContext collector;
    private static String ingressUrl;
    private static String processorUrl;
    private static String reconcilerUrl;

    @BeforeAll
    static void start() throws Exception {
        provider = ProviderApiSimulator.start(0);
        processor = Services.processor(
                Files.createTempDirectory("processor").toString(),
                "--spring.kafka.streams.application-id=payhook-processor-recovery-it");
        processorUrl = "http://localhost:" + port(processor);
        reconciler = Services.reconciler(
                Files.createTempDirectory("reconciler").toString(),
                "--spring.kafka.streams.application-id=payhook-reconciler-recovery-it");
        reconcilerUrl = "http://localhost:" + port(reconciler);
        ingress = Services.ingress();
        ingressUrl = "http://localhost:" + port(ingress);
        collector = startCollector();
        // Other test classes' events are in the shared topic: the counters below move only for this class's.
        ConsumerGroups.awaitCaughtUp(BOOTSTRAP, "payhook-processor-recovery-it", List.of(Topics.WEBHOOKS));
    }

    /** A collector whose recovery job polls the simulator; it runs when a test says (the schedule is hours). */
    private static ConfigurableApplicationContext startCollector() {
        return Services.collector(
                "--payhook.recovery.interval=6h",
                "--payhook.recovery.overlap=10m",
                "--payhook.recovery.first-lookback=1h",
                "--payhook.recovery.attempts=" + ATTEMPTS,
                "--payhook.recovery.backoff=50ms",
                "--payhook.recovery.max-backoff=200ms",
                "--payhook.recovery.processor=" + processorUrl,
                "--payhook.recovery.reconciler=" + reconcilerUrl,
                "--payhook.sources.stripe.api-key=" + ProviderApiSimulator.STRIPE_KEY,
                "--payhook.sources.stripe.api-base=" + provider.base(),
                "--payhook.sources.razorpay.api-key=" + ProviderApiSimulator.RAZORPAY_KEY,
                "--payhook.sources.razorpay.api-base=" + provider.base());
    }

    @AfterAll
    static void stop() {
        collector.close();
        ingress.close();
        reconciler.close();
        processor.close();
        provider.close();
    }

    @Test
    @Order(1)
    void droppedWebhooksAreRecoveredOnceAndOverlapsWithPushedOnesChangeNothing() throws Exception {
        Instant t = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        String stripe = "pi_rec1_" + RUN;
        String razorpay = "pay_rec1_" + RUN;
        String old = "pi_rec0_" + RUN;
        // Swept by the first run only: older than any later run's overlap.
        drop("stripe", fact(old, "payment.authorized", t.minus(Duration.ofMinutes(35))));
        drop(
                "stripe",
                fact(old, "payment.captured", t.minus(Duration.ofMinutes(35)).plusSeconds(1)));
        push("stripe", fact(stripe, "payment.authorized", t));
        SignedWebhook lateCapture = drop("stripe", fact(stripe, "payment.captured", t.plusSeconds(60)));
        drop("razorpay", fact(razorpay, "payment.authorized", t));
        drop("razorpay", fact(razorpay, "payment.captured", t.plusSeconds(60)));
        awaitState(stripe, PaymentStatus.AUTHORIZED, 1);

        RecoveryJob.Report report = job().run();

        assertThat(report.failures()).isEmpty();
        // Stripe lists its four events; Razorpay's API tells one state: the payment captured.
        assertThat(report.published()).containsEntry("stripe/sweep", 4).containsEntry("razorpay/sweep", 1);
        PaymentState captured = awaitState(stripe, PaymentStatus.CAPTURED, 2);
        assertThat(captured.deliveries()).isEqualTo(Map.of("push", 1L, "poll", 1L));
        assertThat(awaitState(razorpay, PaymentStatus.CAPTURED, 1).deliveries()).isEqualTo(Map.of("poll", 1L));
        awaitState(old, PaymentStatus.CAPTURED, 2);
        // News to payhook: the Stripe capture, the Razorpay capture, and both events of the old payment.
        assertThat(counter(processor, "payhook.processor.events.recovered", "source", "stripe"))
                .isEqualTo(3);
        assertThat(counter(processor, "payhook.processor.events.recovered", "source", "razorpay"))
                .isEqualTo(1);

        // The dropped webhook arrives after all, then the job runs again: neither changes anything.
        double duplicates = counter(processor, "payhook.processor.events.duplicates");
        push("stripe", lateCapture);
        RecoveryJob.Report again = job().run();
        assertThat(again.published()).containsEntry("stripe/sweep", 2).containsEntry("razorpay/sweep", 1);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> counter(processor, "payhook.processor.events.duplicates") == duplicates + 4);
        assertThat(state(stripe)).isEqualTo(captured);
        // Its timeline shows how each event came: pushed, polled, and the late push dropped.
        assertThat(get(processorUrl + "/payments/" + stripe + "/timeline").body())
                .contains("\"eventId\":\"evt_captured_" + stripe + "\",\"source\":\"stripe\",\"delivery\":\"poll\"")
                .contains("\"outcome\":\"duplicate\"");
        assertThat(counter(processor, "payhook.processor.events.recovered", "source", "stripe"))
                .isEqualTo(3);
    }

    @Test
    @Order(2)
    void theCheckpointSurvivesARestartWithNoGapAndNoRepublicationBeyondTheOverlap() throws Exception {
        Instant before = checkpoint("stripe");
        collector.close();
        collector = startCollector();
        String fresh = "pi_rec2_" + RUN;
        drop("stripe", fact(fresh, "payment.authorized", justBefore()));

        RecoveryJob.Report report = job().run();

        // From the checkpoint less ten minutes: the first test's two recent events again, and the new
        // one; not the old payment's, 35 minutes older.
        assertThat(report.failures()).isEmpty();
        assertThat(report.published()).containsEntry("stripe/sweep", 3).containsEntry("razorpay/sweep", 1);
        awaitState(fresh, PaymentStatus.AUTHORIZED, 1);
        assertThat(checkpoint("stripe")).isAfterOrEqualTo(before);
    }

    @Test
    @Order(3)
    void aProviderDownThenRateLimitingCostsRetriesAndNeverAWindow() throws Exception {
        Instant before = checkpoint("stripe");
        double stripeErrors = counter(collector, "payhook.recovery.api.errors", "source", "stripe");
        double razorpayErrors = counter(collector, "payhook.recovery.api.errors", "source", "razorpay");
        String missed = "pi_rec3_" + RUN;
        drop("stripe", fact(missed, "payment.authorized", justBefore()));
        provider.down(true);

        // The sweep alone: other tests' payments in the shared topics would add lookups to the count.
        RecoveryJob.Report down = job().run(Set.of(RecoveryJob.SWEEP));

        assertThat(down.complete()).isFalse();
        assertThat(down.failures()).anySatisfy(f -> assertThat(f).startsWith("stripe sweep: Stripe answered 503"));
        assertThat(down.failures()).anySatisfy(f -> assertThat(f).startsWith("razorpay sweep: Razorpay answered 503"));
        assertThat(counter(collector, "payhook.recovery.api.errors", "source", "stripe"))
                .isEqualTo(stripeErrors + ATTEMPTS);
        assertThat(checkpoint("stripe")).isEqualTo(before);
        assertThat(get(processorUrl + "/payments/" + missed).statusCode()).isEqualTo(404);

        provider.down(false);
        provider.rateLimit(1);
        RecoveryJob.Report up = job().run(Set.of(RecoveryJob.SWEEP));

        assertThat(up.failures()).isEmpty();
        // The first call of the run (Razorpay's, sources go in name order) was refused once and retried.
        assertThat(counter(collector, "payhook.recovery.api.errors", "source", "razorpay"))
                .isEqualTo(razorpayErrors + ATTEMPTS + 1);
        assertThat(counter(collector, "payhook.recovery.api.errors", "source", "stripe"))
                .isEqualTo(stripeErrors + ATTEMPTS);
        awaitState(missed, PaymentStatus.AUTHORIZED, 1);
        assertThat(checkpoint("stripe")).isAfter(before);
    }

    @Test
    @Order(4)
    void aPaymentStuckInAuthorizedBecomesCapturedFromTheProvidersAnswer() throws Exception {
        // Two hours ago: long before the sweep's window, so only the stuck-payment lookup finds the capture.
        Instant t = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        String stuck = "pi_rec4_" + RUN;
        push("stripe", fact(stuck, "payment.authorized", t));
        drop("stripe", fact(stuck, "payment.captured", t.plusSeconds(60)));
        awaitState(stuck, PaymentStatus.AUTHORIZED, 1);

        RecoveryJob.Report report = job().run();

        assertThat(report.failures()).isEmpty();
        assertThat(report.published()).containsEntry("stripe/stuck", 1);
        PaymentState captured = awaitState(stuck, PaymentStatus.CAPTURED, 2);
        assertThat(captured.capturedAmount()).isEqualTo(4_200);
        assertThat(captured.deliveries()).containsEntry("poll", 1L);
        // Only payments still waiting are listed.
        HttpResponse<String> invalid = get(processorUrl + "/payments?status=CAPTURED&before=" + Instant.now());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("urn:payhook:problem:invalid-query");
    }

    @Test
    @Order(5)
    void anUnknownSettlementResolvesOnceTheProviderConfirmsThePayment() throws Exception {
        Instant t = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        String unknown = "pay_rec5_" + RUN;
        drop("razorpay", fact(unknown, "payment.authorized", t));
        drop("razorpay", fact(unknown, "payment.captured", t.plusSeconds(60)));
        String report = "payment_id,type,amount,currency,fee,settled_at,reference\n" + unknown + ",capture,42.00,INR,,"
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ",rec5_" + RUN + "\n";
        HttpResponse<String> upload = post(ingressUrl + "/settlements/generic", report, OPERATOR);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        Discrepancy open = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> discrepancy(unknown), d -> d != null && d.isOpen());
        assertThat(open.type().name()).isEqualTo("UNKNOWN_SETTLEMENT");

        RecoveryJob.Report run = job().run();

        assertThat(run.failures()).isEmpty();
        assertThat(run.published()).containsEntry("razorpay/unknown-settlement", 1);
        Discrepancy resolved = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> discrepancy(unknown), d -> d != null && !d.isOpen());
        assertThat(resolved.resolvedBy()).isEqualTo(Discrepancy.BY_EVIDENCE);
        assertThat(resolved.resolution()).startsWith("recovered by polling");
    }

    /** A sweep covers whole seconds up to the one it runs in, exclusive: that one is the next run's. */
    private static Instant justBefore() {
        return Instant.now().minusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    @Order(6)
    void aRazorpayDisputeThatWasNeverPushedIsFoundByTheSweep() throws Exception {
        Instant t = justBefore().minusSeconds(60);
        String disputed = "pay_rec6_" + RUN;
        push("razorpay", fact(disputed, "payment.captured", t));
        drop("razorpay", fact(disputed, "payment.dispute_opened", t.plusSeconds(10)));
        drop("razorpay", fact(disputed, "payment.dispute_lost", t.plusSeconds(20)));
        awaitState(disputed, PaymentStatus.CAPTURED, 1);

        double before = counter(processor, "payhook.processor.events.recovered", "source", "razorpay");
        RecoveryJob.Report report = job().run(Set.of(RecoveryJob.SWEEP));

        assertThat(report.failures()).isEmpty();
        // Razorpay's API tells the dispute as it stands (lost), and the payment's state (captured) under
        // an id of its own: that one repeats the pushed capture and is not counted as recovered.
        PaymentState chargedBack = awaitState(disputed, PaymentStatus.CHARGED_BACK, 3);
        assertThat(chargedBack.disputes()).containsValue(dev.payhook.common.DisputeStatus.LOST);
        assertThat(chargedBack.deliveries()).isEqualTo(Map.of("push", 1L, "poll", 2L));
        assertThat(counter(processor, "payhook.processor.events.recovered", "source", "razorpay"))
                .isEqualTo(before + 1);
    }

    @Test
    @Order(7)
    void aBackfillRecoversAWindowTheSweepsNoLongerCoverAndLeavesTheCheckpointAlone() throws Exception {
        // Three hours ago: before the first sweep's lookback, and never seen, so not stuck either.
        Instant t = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        String outage = "pi_rec7_" + RUN;
        drop("stripe", fact(outage, "payment.authorized", t));
        drop("stripe", fact(outage, "payment.captured", t.plusSeconds(60)));
        Instant checkpoint = checkpoint("stripe");
        assertThat(job().run(Set.of(RecoveryJob.SWEEP)).published()).doesNotContainKey("stripe/backfill");
        assertThat(get(processorUrl + "/payments/" + outage).statusCode()).isEqualTo(404);

        RecoveryJob.Report report = job().backfill(t.minus(Duration.ofMinutes(30)), t.plus(Duration.ofMinutes(30)));

        assertThat(report.failures()).isEmpty();
        assertThat(report.published()).containsEntry("stripe/backfill", 2);
        assertThat(awaitState(outage, PaymentStatus.CAPTURED, 2).deliveries()).isEqualTo(Map.of("poll", 2L));
        assertThat(checkpoint("stripe")).isAfterOrEqualTo(checkpoint);
        Instant after = checkpoint("stripe");
        job().backfill(t.minus(Duration.ofMinutes(30)), t.plus(Duration.ofMinutes(30)));
        assertThat(checkpoint("stripe")).isEqualTo(after);
    }

    private static RecoveryJob job() {
        return collector.getBean(RecoveryJob.class);
    }

    private static PaymentFact fact(String paymentId, String type, Instant at) {
        return new PaymentFact(
                "evt_" + type.substring("payment.".length()) + "_" + paymentId,
                type,
                paymentId,
                "ord_" + paymentId,
                4_200,
                paymentId.startsWith("pay_") ? "INR" : "EUR",
                null,
                at);
    }

    /** The provider made the event and meant to push it; its API knows it, payhook never got it. */
    private static SignedWebhook drop(String source, PaymentFact fact) {
        SignedWebhook webhook = SIGNER.sign(source, fact);
        provider.record(webhook);
        return webhook;
    }

    private static void push(String source, PaymentFact fact) throws Exception {
        SignedWebhook webhook = drop(source, fact);
        push(source, webhook);
    }

    private static void push(String source, SignedWebhook webhook) throws Exception {
        HttpResponse<String> answer = post(ingressUrl + "/webhooks/" + source, webhook.body(), webhook.headers());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private static PaymentState awaitState(String paymentId, PaymentStatus status, int events) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> state(paymentId), s -> s.status() == status && s.eventCount() == events);
    }

    private static PaymentState state(String paymentId) throws Exception {
        return JsonSerde.MAPPER.readValue(
                get(processorUrl + "/payments/" + paymentId).body(), PaymentState.class);
    }

    private static Discrepancy discrepancy(String paymentId) throws Exception {
        List<Discrepancy> found = JsonSerde.MAPPER.readValue(
                get(reconcilerUrl + "/reconciliation/discrepancies?paymentId=" + paymentId)
                        .body(),
                new TypeReference<List<Discrepancy>>() {});
        return found.isEmpty() ? null : found.get(0);
    }

    /** The source's checkpoint as the topic holds it now. */
    private static Instant checkpoint(String source) {
        List<String> values =
                TopicReader.all(BOOTSTRAP, Topics.RECOVERY_CHECKPOINTS, r -> source.equals(r.key())).stream()
                        .map(r -> r.value())
                        .toList();
        String latest = values.get(values.size() - 1);
        return Instant.parse(latest.replaceAll(".*\"sweptUntil\":\"([^\"]+)\".*", "$1"));
    }

    private static double counter(ConfigurableApplicationContext service, String name, String... tags) {
        Counter counter =
                service.getBean(MeterRegistry.class).find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
