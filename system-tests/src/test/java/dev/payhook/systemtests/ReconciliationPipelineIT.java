package dev.payhook.systemtests;

import static dev.payhook.systemtests.Services.BOOTSTRAP;
import static dev.payhook.systemtests.Services.OPERATOR;
import static dev.payhook.systemtests.Services.get;
import static dev.payhook.systemtests.Services.openByPayment;
import static dev.payhook.systemtests.Services.port;
import static dev.payhook.systemtests.Services.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.Topics;
import dev.payhook.testkit.ConsumerGroups;
import dev.payhook.testkit.SettlementScenario;
import dev.payhook.testkit.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.type.TypeReference;

/**
 * The three services through a real KRaft broker: a labelled scenario's webhooks posted to the
 * ingress and its settlement report uploaded give exactly the planted discrepancies over HTTP;
 * re-uploading the report and replaying the reconciler from its earliest offsets add nothing.
 */
class ReconciliationPipelineIT {

    private static final String APPLICATION_ID = "payhook-reconciler-it";
    private static final Map<String, String> OPERATOR_JSON =
            Map.of("Content-Type", "application/json", "Authorization", "Bearer payhook_local_operator_token");
    private static final List<String> INPUTS =
            List.of(Topics.PAYMENTS, Topics.SETTLEMENTS, Topics.DISCREPANCY_RESOLUTIONS);

    private static ConfigurableApplicationContext ingress;
    private static ConfigurableApplicationContext processor;
    private static int ingressPort;
    private static int processorPort;

    @BeforeAll
    static void startIngressAndProcessor() throws Exception {
        ingress = Services.ingress();
        ingressPort = port(ingress);
        processor = Services.processor(Files.createTempDirectory("processor").toString());
        processorPort = port(processor);
    }

    @AfterAll
    static void stop() {
        processor.close();
        ingress.close();
    }

    private static ConfigurableApplicationContext startReconciler(String stateDir) {
        return Services.reconciler(stateDir, "--spring.kafka.streams.application-id=" + APPLICATION_ID);
    }

    @Test
    void webhooksAndAnUploadedReportGiveThePlantedDiscrepanciesAndAReplayAddsNone() throws Exception {
        String stateDir = Files.createTempDirectory("reconciler").toString();
        ConfigurableApplicationContext reconciler = startReconciler(stateDir);
        int port = port(reconciler);
        long seed = System.nanoTime() % 1_000_000;
        String run = Long.toString(seed);
        System.out.println("scenario seed " + seed);
        SettlementScenario scenario = SettlementScenario.generate(
                seed, 1, Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS));
        Services.deliverWebhooks(scenario, ingressPort, processorPort);

        String report = scenario.report("adyen");
        // Settlement reports are evidence: without an operator's token nothing is read or published.
        HttpResponse<String> anonymous =
                post("http://localhost:" + ingressPort + "/settlements/adyen", report, Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        HttpResponse<String> upload = post("http://localhost:" + ingressPort + "/settlements/adyen", report, OPERATOR);
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
        long lines = scenario.payments().stream().mapToInt(p -> p.rows().size()).sum();
        assertThat(upload.body()).contains("\"lines\":" + lines).contains("\"rejectedCount\":0");

        String open = "http://localhost:" + port + "/reconciliation/discrepancies?status=OPEN";
        // 503 problems while the reconciler's tasks are assigned are retried.
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .untilAsserted(() ->
                        assertThat(openByPayment(answered(open), seed)).isEqualTo(scenario.expectedDiscrepancies()));
        // The batch's own break comes from the task that owns batch breaks, when the batch's marker reaches it:
        // not necessarily before the payments' breaks, which every task finds as its lines arrive.
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> !JsonSerde.MAPPER
                        .readValue(answered(open + "&type=PAYOUT_MISMATCH"), new TypeReference<List<Discrepancy>>() {})
                        .isEmpty());
        // The report's EUR payout is short of its rows: one break of the batch, not of a payment.
        Discrepancy payout = JsonSerde.MAPPER
                .readValue(answered(open + "&type=PAYOUT_MISMATCH"), new TypeReference<List<Discrepancy>>() {})
                .stream()
                .collect(Collectors.collectingAndThen(Collectors.toList(), found -> {
                    assertThat(found).hasSize(1);
                    return found.get(0);
                }));
        assertThat(payout.batchId()).isEqualTo(batchId(upload.body()));
        assertThat(payout.paymentId()).isNull();
        assertThat(Map.of(payout.currency(), payout.amount())).isEqualTo(scenario.expectedPayoutMismatches());
        int breaks = scenario.expectedDiscrepancies().size()
                + scenario.expectedPayoutMismatches().size();
        HttpResponse<String> csv = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(open))
                                .header("Accept", "text/csv")
                                .header("Authorization", Services.OPERATOR.get("Authorization"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body().lines())
                .hasSize(breaks + 1)
                .first()
                .asString()
                .startsWith("discrepancy_id,type,status,payment_id,expected,actual,amount");
        String summary = answered("http://localhost:" + port + "/reconciliation/summary");
        assertThat(summary)
                .contains("\"open\":" + breaks)
                .contains("\"FEE_MISMATCH\":{\"open\":" + plantedOf(scenario, "FEE_MISMATCH"))
                .contains("\"PAYOUT_MISMATCH\":{\"open\":1")
                .contains("\"settlementLines\":" + lines)
                .contains("\"matchedLines\":" + scenario.expectedMatchedLines())
                .contains("\"capturesAwaitingSettlement\":1");

        // The same open discrepancies, a page of four at a time, newest first, across the index.
        List<String> paged = new java.util.ArrayList<>();
        String after = "";
        do {
            tools.jackson.databind.JsonNode page = JsonSerde.MAPPER.readTree(answered(
                    "http://localhost:" + port + "/reconciliation/discrepancies/page?status=OPEN&limit=4" + after));
            page.path("items").forEach(d -> paged.add(d.path("discrepancyId").asString()));
            after = page.path("next").isString()
                    ? "&after=" + page.path("next").asString().replace("|", "%7C")
                    : "";
        } while (!after.isEmpty());
        List<String> listed =
                JsonSerde.MAPPER.readValue(answered(open), new TypeReference<List<Discrepancy>>() {}).stream()
                        .map(Discrepancy::discrepancyId)
                        .toList();
        assertThat(paged).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(listed);
        HttpResponse<String> forged =
                get("http://localhost:" + port + "/reconciliation/discrepancies/page?after=%27%3B--");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("urn:payhook:problem:invalid-query");
        // A filter that cannot be is the client's mistake, on the full listing as on the paged one.
        for (String listing : List.of(
                "/reconciliation/discrepancies?currency=EURO",
                "/reconciliation/discrepancies/page"
                        + "?detectedFrom=2026-01-02T00:00:00Z&detectedUntil=2026-01-01T00:00:00Z")) {
            HttpResponse<String> invalid = get("http://localhost:" + port + listing);
            assertThat(invalid.statusCode()).as(listing).isEqualTo(400);
            assertThat(invalid.body()).as(listing).contains("urn:payhook:problem:invalid-query");
        }

        // The same report again: the same batch, and no line counted twice.
        HttpResponse<String> again = post("http://localhost:" + ingressPort + "/settlements/adyen", report, OPERATOR);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(again.body()).contains(batchId(upload.body()));
        List<String> idsBefore = discrepancyIds(scenario);

        // Incident replay: the reconciler stopped, its input offsets rewound to the beginning, restarted.
        reconciler.close();
        ConsumerGroups.rewindToEarliest(BOOTSTRAP, APPLICATION_ID, INPUTS);
        reconciler = startReconciler(stateDir);
        String restarted = "http://localhost:" + port(reconciler);
        String openAfterRestart = restarted + "/reconciliation/discrepancies?status=OPEN";
        try {
            ConsumerGroups.awaitCaughtUp(BOOTSTRAP, APPLICATION_ID, INPUTS);
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(
                            openByPayment(answered(openAfterRestart), seed))
                    .isEqualTo(scenario.expectedDiscrepancies()));
            assertThat(discrepancyIds(scenario))
                    .as("discrepancy records after replay")
                    .isEqualTo(idsBefore);

            // An operator closes one by hand; the token is required.
            Discrepancy amount = JsonSerde.MAPPER
                    .readValue(
                            answered(openAfterRestart + "&type=AMOUNT_MISMATCH"),
                            new TypeReference<List<Discrepancy>>() {})
                    .get(0);
            String resolve = restarted + "/reconciliation/discrepancies/" + amount.discrepancyId() + "/resolve";
            // The body names someone else: the resolution records the token's operator, never the claim.
            String note = "{\"note\":\"acquirer fee netted, written off\",\"operator\":\"mallory\"}";
            assertThat(post(resolve, note, Map.of("Content-Type", "application/json"))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(post(
                                    resolve,
                                    note,
                                    Map.of(
                                            "Content-Type",
                                            "application/json",
                                            "Authorization",
                                            "Bearer not-an-operator-token-at-all"))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(post(resolve, "{\"note\":\"" + "x".repeat(2_001) + "\"}", OPERATOR_JSON)
                            .statusCode())
                    .isEqualTo(400);
            assertThat(post(resolve, note, OPERATOR_JSON).statusCode()).isEqualTo(202);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(restarted
                                    + "/reconciliation/discrepancies?status=RESOLVED&paymentId=" + amount.paymentId())
                            .body())
                    .contains("\"resolution\":\"acquirer fee netted, written off\"")
                    .contains("\"resolvedBy\":\"operator\"")
                    .contains("\"operator\":\"local\"")
                    .doesNotContain("mallory"));
            // A batch's break is resolved the same way; its resolution reaches the task that holds it.
            String resolvePayout = restarted + "/reconciliation/discrepancies/" + payout.discrepancyId() + "/resolve";
            assertThat(post(resolvePayout, "{\"note\":\"shortfall credited in the next payout\"}", OPERATOR_JSON)
                            .statusCode())
                    .isEqualTo(202);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            get(restarted + "/reconciliation/discrepancies?status=RESOLVED&type=PAYOUT_MISMATCH")
                                    .body())
                    .contains(payout.discrepancyId())
                    .contains("\"resolution\":\"shortfall credited in the next payout\""));
            HttpResponse<String> resolvedAgain = post(resolve, note, OPERATOR_JSON);
            assertThat(resolvedAgain.statusCode()).isEqualTo(409);
            assertThat(resolvedAgain.body()).contains("urn:payhook:problem:already-resolved");
            HttpResponse<String> unknown =
                    post(restarted + "/reconciliation/discrepancies/dsc_unknown/resolve", note, OPERATOR_JSON);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body())
                    .contains("urn:payhook:problem:unknown-discrepancy")
                    .contains("No discrepancy has the id 'dsc_unknown'.");

            // A line dated years ahead is rejected and never becomes a cut-off: the fresh capture
            // still awaits its settlement instead of being reported missing.
            String future = "payment_id,type,amount,currency,fee,settled_at,reference\n"
                    + "pay_future_" + run + ",capture,10.00,EUR,,2031-01-01T00:00:00Z,fut_" + run + "\n"
                    + "pay_extra_" + run + ",capture,10.00,EUR,,"
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ",ext_" + run + "\n";
            HttpResponse<String> futureUpload =
                    post("http://localhost:" + ingressPort + "/settlements/generic", future, OPERATOR);
            assertThat(futureUpload.statusCode()).as(futureUpload.body()).isEqualTo(202);
            assertThat(futureUpload.body()).contains("\"rejectedCount\":1").contains("settled-in-future");
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(
                            answered(openAfterRestart + "&paymentId=pay_extra_" + run))
                    .contains("UNKNOWN_SETTLEMENT"));
            assertThat(answered(restarted + "/reconciliation/summary")).contains("\"capturesAwaitingSettlement\":1");
            assertThat(openByPayment(answered(openAfterRestart + "&type=MISSING_SETTLEMENT"), seed))
                    .isEqualTo(scenario.expectedDiscrepancies().entrySet().stream()
                            .filter(e -> e.getValue().equals("MISSING_SETTLEMENT"))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        } finally {
            reconciler.close();
        }
    }

    private static long plantedOf(SettlementScenario scenario, String type) {
        return scenario.expectedDiscrepancies().values().stream()
                .filter(type::equals)
                .count();
    }

    private static String batchId(String receipt) {
        return receipt.replaceAll(".*\"batchId\":\"([^\"]+)\".*", "$1");
    }

    /**
     * Every discrepancy record on the topic for this scenario's payments, in order: ids repeat only when a discrepancy
     * changed.
     */
    private static List<String> discrepancyIds(SettlementScenario scenario) {
        String prefix = scenario.payments().get(0).paymentId().replaceAll("^(pay_\\d+_).*", "$1");
        return TopicReader.all(BOOTSTRAP, Topics.DISCREPANCIES, r -> r.value().contains("\"paymentId\":\"" + prefix))
                .stream()
                .map(ConsumerRecord::key)
                .sorted()
                .toList();
    }

    /** A query's answer, once the reconciler is not rebalancing. */
    private static String answered(String url) {
        return Services.answered(url).body();
    }
}
