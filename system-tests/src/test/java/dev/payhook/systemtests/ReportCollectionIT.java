package dev.payhook.systemtests;

import static dev.payhook.systemtests.Services.BOOTSTRAP;
import static dev.payhook.systemtests.Services.port;
import static dev.payhook.systemtests.Services.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.payhook.collector.CompactedLog;
import dev.payhook.collector.reports.ReportAnnouncements;
import dev.payhook.collector.reports.ReportCollector;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.ReportAnnouncement;
import dev.payhook.common.ReportCollection;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementMessage;
import dev.payhook.common.Topics;
import dev.payhook.simulator.ProviderApiSimulator;
import dev.payhook.testkit.ProviderSigner;
import dev.payhook.testkit.SignedWebhook;
import dev.payhook.testkit.TopicReader;
import dev.payhook.testkit.WebhookFixtures;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Settlement reports collected with no upload, through the real broker and the provider API
 * simulator: a Stripe report run by polling and one by its webhook, each one batch; an announcement
 * twice, one batch; an Adyen report off the allow-list or with refused credentials, nothing fetched and
 * no batch; a download cut off, no batch until a retry succeeds; a Razorpay day; a restarted collector
 * that asks for nothing again. The tests run in order, each on what the ones before left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportCollectionIT {

    private static final JsonSerde<SettlementMessage> SETTLEMENTS = JsonSerde.of(SettlementMessage.class);
    private static final ProviderSigner SIGNER = new ProviderSigner();
    private static final LocalDate YESTERDAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private static final String BALANCE = "balance_change_from_activity.itemized.3";
    private static final String PAYOUTS = "payout_reconciliation.itemized.5";

    private static ProviderApiSimulator provider;
    private static ConfigurableApplicationContext ingress;
    private static ConfigurableApplicationContext collector;
    private static ConfigurableApplicationContext reconciler;
    private static String ingressUrl;

    @BeforeAll
    static void start() throws Exception {
        provider = ProviderApiSimulator.start(0);
        provider.stripeReport(
                BALANCE, YESTERDAY, WebhookFixtures.report("stripe", "balance_change_from_activity.itemized.3.csv"));
        provider.stripeReport(
                PAYOUTS, YESTERDAY, WebhookFixtures.report("stripe", "payout_reconciliation.itemized.5.csv"));
        provider.razorpayRecon(YESTERDAY, WebhookFixtures.report("razorpay", "settlement_recon_combined.csv"));
        ingress = Services.ingress();
        ingressUrl = "http://localhost:" + port(ingress);
        reconciler = Services.reconciler(
                java.nio.file.Files.createTempDirectory("reconciler").toString(),
                "--spring.kafka.streams.application-id=payhook-reconciler-collection-it");
        collector = startCollector();
    }

    private static ConfigurableApplicationContext startCollector() {
        String base = provider.base().toString();
        return Services.collector(
                "--payhook.recovery.interval=6h",
                "--payhook.collector.reports.interval=6h",
                "--payhook.collector.reports.announcements-interval=6h",
                "--payhook.collector.reports.first-lookback-days=1",
                "--payhook.collector.reports.attempts=3",
                "--payhook.collector.reports.backoff=10ms",
                "--payhook.collector.reports.max-backoff=50ms",
                "--payhook.collector.reports.run-wait=1s",
                "--payhook.collector.reports.run-poll=100ms",
                "--payhook.sources.stripe.api-key=" + ProviderApiSimulator.STRIPE_KEY,
                "--payhook.sources.stripe.api-base=" + base,
                "--payhook.sources.stripe-payouts.provider=stripe",
                "--payhook.sources.stripe-payouts.secrets[0]=whsec_payhook_test_payouts",
                "--payhook.sources.stripe-payouts.api-key=" + ProviderApiSimulator.STRIPE_KEY,
                "--payhook.sources.stripe-payouts.api-base=" + base,
                "--payhook.sources.stripe-payouts.report-type=" + PAYOUTS,
                "--payhook.sources.razorpay.api-key=" + ProviderApiSimulator.RAZORPAY_KEY,
                "--payhook.sources.razorpay.api-base=" + base,
                "--payhook.sources.adyen.report-username=" + ProviderApiSimulator.ADYEN_REPORT_USER,
                "--payhook.sources.adyen.report-password=" + ProviderApiSimulator.ADYEN_REPORT_PASSWORD,
                "--payhook.sources.adyen.report-hosts[0]=127.0.0.1");
    }

    @AfterAll
    static void stop() {
        collector.close();
        reconciler.close();
        ingress.close();
        provider.close();
    }

    @Test
    @Order(1)
    void aStripeReportRunAnnouncedByItsWebhookIsCollectedOnceAndPollingThenDoesNothing() throws Exception {
        provider.pendingRetrievals(1_000);
        assertThat(days().collectDays()).isEmpty();
        // Two runs asked for and still pending (one per Stripe source); Razorpay's day was collected.
        assertThat(provider.reportRunIds()).hasSize(2);
        String run = runOf("stripe");
        int downloads = provider.fileDownloads();

        SignedWebhook succeeded = SIGNER.stripeEvent(
                "evt_report_" + run, "reporting.report_run.succeeded", provider.finishReportRun(run));
        assertThat(send(succeeded)).isEqualTo(200);
        assertThat(announced().run()).isEmpty();

        assertThat(provider.fileDownloads()).isEqualTo(downloads + 1);
        assertThat(batchesFrom("stripe: Stripe report run " + run + ", announced"))
                .hasSize(1);
        // The webhook retried by Stripe, and polling: neither fetches the report again.
        assertThat(send(succeeded)).isEqualTo(200);
        assertThat(announced().run()).isEmpty();
        assertThat(days().collectDays()).isEmpty();
        assertThat(provider.fileDownloads()).isEqualTo(downloads + 1);
        assertThat(provider.reportRunIds()).hasSize(2);
        assertThat(collection("stripe:" + YESTERDAY).status()).isEqualTo(ReportCollection.Status.COLLECTED);
    }

    @Test
    @Order(2)
    void aStripeReportRunIsCollectedByPollingOnceItSucceeds() throws Exception {
        provider.pendingRetrievals(0);
        int downloads = provider.fileDownloads();

        assertThat(days().collectDays()).isEmpty();

        String run = runOf("stripe-payouts");
        assertThat(provider.fileDownloads()).isEqualTo(downloads + 1);
        List<SettlementBatch> batches =
                batchesFrom("stripe-payouts: Stripe report run " + run + " (" + YESTERDAY + ")");
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).format()).isEqualTo("stripe");
        assertThat(batches.get(0).lines()).isGreaterThan(0);
        assertThat(days().collectDays()).isEmpty();
        assertThat(provider.fileDownloads()).isEqualTo(downloads + 1);

        // Its webhook arrives after polling collected it (recorded as the ingress records one): nothing more.
        announce(new ReportAnnouncement(
                "stripe-payouts",
                "stripe",
                run,
                PAYOUTS,
                provider.reportRun(run).at("/result/url").asString(),
                null,
                null,
                "evt_late_" + run,
                java.time.Instant.now()));
        assertThat(announced().run()).isEmpty();
        assertThat(provider.fileDownloads()).isEqualTo(downloads + 1);
        assertThat(batchesFrom("stripe-payouts: Stripe report run " + run + ", announced"))
                .isEmpty();
    }

    @Test
    @Order(3)
    void aRazorpayDayIsCollectedFromItsSettlementRecon() {
        List<SettlementBatch> batches = batchesFrom("razorpay: Razorpay settlement recon of " + YESTERDAY);
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).format()).isEqualTo("razorpay");
        assertThat(batches.get(0).lines()).isGreaterThan(0);
        assertThat(collection("razorpay:" + YESTERDAY).batchId())
                .isEqualTo(batches.get(0).batchId());
    }

    @Test
    @Order(4)
    void anAdyenReportOffTheAllowListIsRefusedAndNothingIsFetched() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        elsewhere.start();
        try {
            // The same machine by another name: not one of the source's report hosts.
            String url =
                    "http://localhost:" + elsewhere.getAddress().getPort() + "/settlement_detail_report_batch_91.csv";
            assertThat(send(SIGNER.adyenReportAvailable("settlement_detail_report_batch_91.csv", url)))
                    .isEqualTo(200);

            assertThat(announced().run()).isEmpty();

            assertThat(hits).hasValue(0);
            ReportCollection refused = collection("adyen:settlement_detail_report_batch_91.csv");
            assertThat(refused.status()).isEqualTo(ReportCollection.Status.REFUSED);
            assertThat(refused.detail()).contains("refused to fetch http://localhost", "[127.0.0.1]");
            assertThat(batchesFrom("adyen: settlement_detail_report_batch_91.csv"))
                    .isEmpty();
        } finally {
            elsewhere.stop(0);
        }
    }

    @Test
    @Order(5)
    void anAdyenReportWhoseCredentialsAreRefusedIsAClearErrorAndNoBatch() throws Exception {
        String url = provider.adyenReport(
                "PayhookLocalECOM",
                "settlement_detail_report_batch_92.csv",
                WebhookFixtures.report("adyen", "settlement_detail_report_batch_30.csv"));
        provider.adyenReportPassword("rotated_at_adyen");
        try {
            assertThat(send(SIGNER.adyenReportAvailable("settlement_detail_report_batch_92.csv", url)))
                    .isEqualTo(200);
            assertThat(announced().run()).isEmpty();
        } finally {
            provider.adyenReportPassword(ProviderApiSimulator.ADYEN_REPORT_PASSWORD);
        }
        ReportCollection refused = collection("adyen:settlement_detail_report_batch_92.csv");
        assertThat(refused.status()).isEqualTo(ReportCollection.Status.REFUSED);
        assertThat(refused.detail()).contains("answered 401 (the report credentials were refused)");
        assertThat(batchesFrom("adyen: settlement_detail_report_batch_92.csv")).isEmpty();
    }

    @Test
    @Order(6)
    void aDownloadCutOffHalfwayLeavesNoBatchAndSucceedsOnRetry() throws Exception {
        String url = provider.adyenReport(
                "PayhookLocalECOM",
                "settlement_detail_report_batch_93.csv",
                WebhookFixtures.report("adyen", "settlement_detail_report_batch_34.csv"));
        int downloads = provider.fileDownloads();
        provider.cutDownloads(3);
        assertThat(send(SIGNER.adyenReportAvailable("settlement_detail_report_batch_93.csv", url)))
                .isEqualTo(200);

        // Three attempts, each cut off: the run stops there, uncommitted, and publishes nothing.
        assertThat(announced().run()).singleElement().asString().contains("the download broke off");
        assertThat(batchesFrom("adyen: settlement_detail_report_batch_93.csv")).isEmpty();
        assertThat(provider.fileDownloads()).isEqualTo(downloads);

        assertThat(announced().run()).isEmpty();
        assertThat(batchesFrom("adyen: settlement_detail_report_batch_93.csv")).hasSize(1);
        assertThat(provider.fileDownloads()).isEqualTo(downloads + 1);
    }

    @Test
    @Order(7)
    void aRestartedCollectorResumesFromWhatWasCollected() throws Exception {
        int runs = provider.reportRunIds().size();
        int downloads = provider.fileDownloads();
        collector.close();
        collector = startCollector();

        assertThat(days().collectDays()).isEmpty();
        assertThat(announced().run()).isEmpty();

        assertThat(provider.reportRunIds()).hasSize(runs);
        assertThat(provider.fileDownloads()).isEqualTo(downloads);
    }

    @Test
    @Order(8)
    void theReconcilerHoldsEachCollectedReportOnceAndShowsEachSourcesCollection() throws Exception {
        String reconcilerUrl = "http://localhost:" + port(reconciler);
        List<String> origins = List.of(
                "collected from stripe: Stripe report run " + runOf("stripe") + ", announced",
                "collected from stripe-payouts: Stripe report run " + runOf("stripe-payouts") + " (" + YESTERDAY + ")",
                "collected from razorpay: Razorpay settlement recon of " + YESTERDAY,
                "collected from adyen: settlement_detail_report_batch_93.csv");
        Awaitility.await("every collected report reconciled, once")
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> {
                    JsonNode batches =
                            JsonSerde.MAPPER.readTree(Services.get(reconcilerUrl + "/reconciliation/batches?limit=500")
                                    .body());
                    for (String origin : origins) {
                        assertThat(java.util.stream.StreamSupport.stream(batches.spliterator(), false)
                                        .filter(b ->
                                                origin.equals(b.path("origin").asString())))
                                .as(origin)
                                .hasSize(1);
                    }
                });
        JsonNode sources = JsonSerde.MAPPER.readTree(
                Services.get(reconcilerUrl + "/reconciliation/collections").body());
        Map<String, JsonNode> bySource = new java.util.TreeMap<>();
        sources.forEach(source -> bySource.put(source.path("source").asString(), source));
        assertThat(bySource).containsOnlyKeys("adyen", "razorpay", "stripe", "stripe-payouts");
        // A day's report is due once the next day is complete.
        String due =
                YESTERDAY.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        assertThat(bySource.get("stripe").path("latestReport").asString()).isEqualTo(YESTERDAY.toString());
        assertThat(bySource.get("stripe").path("nextDueAfter").asString()).isEqualTo(due);
        assertThat(bySource.get("razorpay").path("nextDueAfter").asString()).isEqualTo(due);
        assertThat(bySource.get("adyen").path("nextDueAfter").isNull()).isTrue();
        assertThat(bySource.get("adyen").path("latestReport").asString())
                .isEqualTo("settlement_detail_report_batch_93.csv");
        assertThat(bySource.get("adyen").path("refused").findValuesAsString("report"))
                .containsExactlyInAnyOrder(
                        "settlement_detail_report_batch_91.csv", "settlement_detail_report_batch_92.csv");
    }

    private static void announce(ReportAnnouncement announcement) throws Exception {
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
                Map.of("bootstrap.servers", BOOTSTRAP),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                            Topics.REPORT_ANNOUNCEMENTS,
                            announcement.source(),
                            JsonSerde.of(ReportAnnouncement.class).toBytes(announcement)))
                    .get();
        }
    }

    private static ReportCollector days() {
        return collector.getBean(ReportCollector.class);
    }

    private static ReportAnnouncements announced() {
        return collector.getBean(ReportAnnouncements.class);
    }

    private static int send(SignedWebhook webhook) throws Exception {
        return post(ingressUrl + "/webhooks/" + webhook.source(), webhook.body(), webhook.headers())
                .statusCode();
    }

    /** The run this collector asked for on behalf of a source: the day's collection names it. */
    private static String runOf(String source) {
        return collection(source + ":" + YESTERDAY).runId();
    }

    @SuppressWarnings("unchecked")
    private static ReportCollection collection(String key) {
        CompactedLog<ReportCollection> log = new CompactedLog<>(
                Topics.REPORT_COLLECTIONS,
                ReportCollection.class,
                collector.getBean(KafkaProperties.class).buildConsumerProperties(),
                collector.getBean(KafkaTemplate.class));
        return log.read().get(key);
    }

    /**
     * The batches collected with this origin: one marker per partition of {@code payhook.settlements}
     * for each, so a batch published twice would show twice.
     */
    private static List<SettlementBatch> batchesFrom(String origin) {
        int partitions = TopicReader.partitions(BOOTSTRAP, Topics.SETTLEMENTS);
        List<SettlementBatch> markers = TopicReader.all(BOOTSTRAP, Topics.SETTLEMENTS, r -> r.value() != null).stream()
                .map(r -> SETTLEMENTS.deserialize(
                        Topics.SETTLEMENTS, r.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .filter(m -> m instanceof SettlementBatch)
                .map(m -> (SettlementBatch) m)
                .filter(b -> ("collected from " + origin).equals(b.origin()))
                .toList();
        assertThat(markers.size() % partitions)
                .as("a marker on every partition")
                .isZero();
        return markers.stream()
                .filter(b -> true)
                .limit(markers.size() / partitions)
                .toList();
    }
}
