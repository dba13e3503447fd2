package dev.payhook.systemtests;

import static dev.payhook.systemtests.Services.BOOTSTRAP;
import static dev.payhook.systemtests.Services.OPERATOR;
import static dev.payhook.systemtests.Services.get;
import static dev.payhook.systemtests.Services.port;
import static dev.payhook.systemtests.Services.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.net.Webhook;
import dev.payhook.collector.recovery.RecoveryJob;
import dev.payhook.collector.reports.ReportCollector;
import dev.payhook.common.Topics;
import dev.payhook.simulator.ProviderApiSimulator;
import dev.payhook.testkit.LocalSources;
import dev.payhook.testkit.ProviderSigner;
import dev.payhook.testkit.ProviderSigner.PaymentFact;
import dev.payhook.testkit.SignedWebhook;
import dev.payhook.testkit.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The dashboard and the alerts of {@code deploy/observability} watch metrics that exist: after
 * traffic that exercises every path (accepted, rejected, quarantined, dead-lettered, matched,
 * discrepancies, recovered by polling, a provider down), every metric name their queries use is in
 * some service's {@code /actuator/prometheus}.
 */
class ObservabilityIT {

    private static final Pattern METRIC = Pattern.compile("\\b((?:payhook|kafka|http_server)_[a-z_]+)\\b");

    @Test
    void everyMetricTheDashboardAndTheAlertsUseExistsAfterTraffic() throws Exception {
        Path observability = Path.of("..", "deploy", "observability");
        Set<String> used = new TreeSet<>();
        used.addAll(metricNames(Files.readString(observability.resolve("payhook-dashboard.json"))));
        used.addAll(metricNames(Files.readString(observability.resolve("payhook-alerts.yaml"))));
        assertThat(used).as("metric names in the dashboard and alerts").hasSizeGreaterThan(15);

        try (ProviderApiSimulator provider = ProviderApiSimulator.start(0)) {
            ConfigurableApplicationContext processor = Services.processor(
                    Files.createTempDirectory("processor").toString(),
                    "--spring.kafka.streams.application-id=payhook-processor-observability-it");
            ConfigurableApplicationContext reconciler = Services.reconciler(
                    Files.createTempDirectory("reconciler").toString(),
                    "--spring.kafka.streams.application-id=payhook-reconciler-observability-it");
            ConfigurableApplicationContext ingress = Services.ingress();
            ConfigurableApplicationContext collector = Services.collector(
                    "--payhook.recovery.interval=6h",
                    "--payhook.recovery.attempts=2",
                    "--payhook.recovery.backoff=10ms",
                    "--payhook.recovery.processor=http://localhost:" + port(processor),
                    "--payhook.recovery.reconciler=http://localhost:" + port(reconciler),
                    "--payhook.sources.stripe.api-key=" + ProviderApiSimulator.STRIPE_KEY,
                    "--payhook.sources.stripe.api-base=" + provider.base());
            try {
                traffic(provider, ingress, collector, processor, reconciler);
                Set<String> exposed = new TreeSet<>();
                for (ConfigurableApplicationContext service :
                        new ConfigurableApplicationContext[] {ingress, collector, processor, reconciler}) {
                    String scrape = get("http://localhost:" + port(service) + "/actuator/prometheus")
                            .body();
                    scrape.lines()
                            .filter(line -> !line.startsWith("#") && !line.isBlank())
                            .forEach(line -> exposed.add(line.split("[{ ]", 2)[0]));
                }
                assertThat(exposed).as("metrics the services expose").containsAll(used);
            } finally {
                collector.close();
                ingress.close();
                reconciler.close();
                processor.close();
            }
        }
    }

    @Test
    void oneTraceGoesFromTheWebhookRequestToThePaymentSnapshotAndTheFinding() throws Exception {
        ConfigurableApplicationContext processor = Services.processor(
                Files.createTempDirectory("processor").toString(),
                "--spring.kafka.streams.application-id=payhook-processor-trace-it");
        ConfigurableApplicationContext reconciler = Services.reconciler(
                Files.createTempDirectory("reconciler").toString(),
                "--spring.kafka.streams.application-id=payhook-reconciler-trace-it");
        ConfigurableApplicationContext ingress = Services.ingress();
        try {
            String ingressUrl = "http://localhost:" + port(ingress);
            String run = Long.toString(System.nanoTime() % 1_000_000);
            String paymentId = "pay_trace_" + run;
            Instant at = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
            // The settlement line first: the payment is unknown, until its webhook comes.
            String report = "payment_id,type,amount,currency,fee,settled_at,reference\n" + paymentId
                    + ",capture,10.00,EUR,," + at + ",trace_" + run + "\n";
            assertThat(post(ingressUrl + "/settlements/generic", report, OPERATOR)
                            .statusCode())
                    .isEqualTo(202);
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get("http://localhost:"
                            + port(reconciler) + "/reconciliation/discrepancies?status=OPEN&paymentId=" + paymentId)
                    .body()
                    .contains("UNKNOWN_SETTLEMENT"));

            String traceId = String.format("%016x%016x", System.nanoTime(), Double.doubleToLongBits(Math.random()));
            SignedWebhook captured = new ProviderSigner()
                    .sign(
                            "standard",
                            new PaymentFact(
                                    "evt_trace_" + run, "payment.captured", paymentId, "ord", 1_000, "EUR", null, at));
            Map<String, String> headers = new java.util.HashMap<>(captured.headers());
            headers.put("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
            assertThat(post(ingressUrl + "/webhooks/standard", captured.body(), headers)
                            .statusCode())
                    .isEqualTo(200);

            assertThat(traceIdOf(Topics.WEBHOOKS, r -> paymentId.equals(r.key())))
                    .isEqualTo(traceId);
            assertThat(traceIdOf(Topics.PAYMENTS, r -> paymentId.equals(r.key())))
                    .isEqualTo(traceId);
            // The snapshot cleared the unknown settlement: the finding's change carries the same trace.
            assertThat(traceIdOf(
                            Topics.DISCREPANCIES,
                            r -> r.value().contains("\"paymentId\":\"" + paymentId + "\"")
                                    && r.value().contains("\"status\":\"RESOLVED\"")))
                    .isEqualTo(traceId);
        } finally {
            ingress.close();
            reconciler.close();
            processor.close();
        }
    }

    /** The trace id of the W3C traceparent header on the first record of the topic that matches. */
    private static String traceIdOf(
            String topic,
            java.util.function.Predicate<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> which) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> TopicReader.all(BOOTSTRAP, topic, which).stream()
                                .map(r -> r.headers().lastHeader("traceparent"))
                                .map(h -> h == null
                                        ? "no traceparent"
                                        : new String(h.value(), StandardCharsets.UTF_8).split("-")[1])
                                .findFirst()
                                .orElse(null),
                        java.util.Objects::nonNull);
    }

    /** Each path whose metric the dashboard or an alert watches, once. */
    private static void traffic(
            ProviderApiSimulator provider,
            ConfigurableApplicationContext ingress,
            ConfigurableApplicationContext collector,
            ConfigurableApplicationContext processor,
            ConfigurableApplicationContext reconciler)
            throws Exception {
        String ingressUrl = "http://localhost:" + port(ingress);
        String run = Long.toString(System.nanoTime() % 1_000_000);
        ProviderSigner signer = new ProviderSigner();
        Instant at = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        String paymentId = "pi_obs_" + run;
        // Accepted: the authorization. Dropped: the capture, which polling then brings.
        SignedWebhook authorized = signer.sign(
                "stripe",
                new PaymentFact("evt_a_" + paymentId, "payment.authorized", paymentId, "ord", 1_000, "EUR", null, at));
        SignedWebhook captured = signer.sign(
                "stripe",
                new PaymentFact(
                        "evt_c_" + paymentId,
                        "payment.captured",
                        paymentId,
                        "ord",
                        1_000,
                        "EUR",
                        null,
                        at.plusSeconds(1)));
        provider.record(authorized);
        provider.record(captured);
        assertThat(post(ingressUrl + "/webhooks/stripe", authorized.body(), authorized.headers())
                        .statusCode())
                .isEqualTo(200);
        // Rejected: a forged signature. Quarantined: a verified event that is not a payment's.
        assertThat(post(ingressUrl + "/webhooks/stripe", authorized.body(), Map.of("Stripe-Signature", "t=1,v1=00"))
                        .statusCode())
                .isEqualTo(401);
        String customer = "{\"id\":\"evt_cus_" + run + "\",\"object\":\"event\",\"type\":\"customer.created\","
                + "\"created\":" + at.getEpochSecond() + ",\"data\":{\"object\":{\"id\":\"cus_1\"}}}";
        assertThat(post(
                                ingressUrl + "/webhooks/stripe",
                                customer,
                                Map.of(
                                        "Stripe-Signature",
                                        Webhook.Signature.generateSignatureHeader(
                                                customer, LocalSources.STRIPE_SECRET)))
                        .statusCode())
                .isEqualTo(200);
        // Dead letters: a record each stream cannot decode.
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", BOOTSTRAP), new StringSerializer(), new ByteArraySerializer())) {
            byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(Topics.WEBHOOKS, "pay_poison_" + run, poison))
                    .get();
            producer.send(new ProducerRecord<>(Topics.SETTLEMENTS, "pay_poison_" + run, poison))
                    .get();
        }
        // Recovery: the capture by polling; then the provider down, which costs errors and a failed run.
        RecoveryJob job = collector.getBean(RecoveryJob.class);
        assertThat(job.run(Set.of(RecoveryJob.SWEEP)).failures()).isEmpty();
        provider.down(true);
        assertThat(job.run(Set.of(RecoveryJob.SWEEP)).complete()).isFalse();
        provider.down(false);
        // Reports: the days of the polled source, collected (the simulator's Stripe reports are empty).
        assertThat(collector.getBean(ReportCollector.class).collectDays()).isEmpty();
        // Matched and opened: the captured payment's line, and a line for a payment payhook never heard of.
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get("http://localhost:"
                        + port(processor) + "/payments/" + paymentId)
                .body()
                .contains("\"status\":\"CAPTURED\""));
        String report = "payment_id,type,amount,currency,fee,settled_at,reference\n"
                + paymentId + ",capture,10.00,EUR,,"
                + at + ",obs_a_" + run + "\n"
                + "pay_obs_unknown_" + run + ",capture,5.00,EUR,," + at + ",obs_b_" + run + "\n";
        HttpResponse<String> upload = post(ingressUrl + "/settlements/generic", report, OPERATOR);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> count(reconciler, "payhook.reconciler.lines.matched") > 0
                        && count(reconciler, "payhook.reconciler.discrepancies.opened") > 0
                        && count(reconciler, "payhook.reconciler.dead.letters") > 0
                        && count(processor, "payhook.processor.dead.letters") > 0
                        && count(processor, "payhook.processor.events.recovered") > 0
                        // The report ages are read from the batches every few seconds.
                        && reconciler
                                        .getBean(MeterRegistry.class)
                                        .find("payhook.reconciler.settlement.latest.cutoff")
                                        .tag("format", "generic")
                                        .gauge()
                                != null
                        && reconciler
                                        .getBean(MeterRegistry.class)
                                        .find("payhook.reconciler.reports.collected.latest")
                                        .tag("source", "stripe")
                                        .gauge()
                                != null);
    }

    private static double count(ConfigurableApplicationContext service, String name) {
        return service.getBean(MeterRegistry.class).find(name).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
