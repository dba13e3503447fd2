package dev.payhook.systemtests;

import static dev.payhook.systemtests.Services.answered;
import static dev.payhook.systemtests.Services.port;
import static dev.payhook.systemtests.Services.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.JsonSerde;
import dev.payhook.testkit.SignedWebhook;
import dev.payhook.testkit.WebhookFixtures;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Reports as providers export them, through the three services and the real broker: the providers'
 * own webhooks (the fixtures, with ids of each test's own) and their reports, reconciled.
 */
class SettlementReportsIT {

    private static final Map<String, String> OPERATOR = Services.OPERATOR;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static ConfigurableApplicationContext ingress;
    private static ConfigurableApplicationContext processor;
    private static ConfigurableApplicationContext reconciler;

    @BeforeAll
    static void start() throws Exception {
        ingress = Services.ingress();
        processor = Services.processor(
                Files.createTempDirectory("processor").toString(),
                "--spring.kafka.streams.application-id=payhook-processor-reports-it");
        // The fee contracts the fixtures' providers charge: Stripe 1.4% + 0.25 EUR (EEA cards), Razorpay
        // 2% plus 18% GST on it.
        reconciler = Services.reconciler(
                Files.createTempDirectory("reconciler").toString(),
                "--spring.kafka.streams.application-id=payhook-reconciler-reports-it",
                "--payhook.reconciler.fees.stripe.default.percent=1.4",
                "--payhook.reconciler.fees.stripe.default.fixed=25",
                "--payhook.reconciler.fees.razorpay.default.percent=2.36");
    }

    @AfterAll
    static void stop() {
        reconciler.close();
        processor.close();
        ingress.close();
    }

    private static void send(String provider, List<String> fixtures, Map<String, String> ids) throws Exception {
        for (String fixture : fixtures) {
            SignedWebhook webhook = WebhookFixtures.signed(provider, fixture, ids);
            HttpResponse<String> answer = post(
                    "http://localhost:" + port(ingress) + "/webhooks/" + webhook.source(),
                    webhook.body(),
                    webhook.headers());
            assertThat(answer.statusCode()).as(fixture + ": " + answer.body()).isEqualTo(200);
        }
    }

    private static void awaitEvents(String paymentId, int events) {
        Awaitility.await(paymentId + " applied")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .until(
                        () -> JsonSerde.MAPPER
                                .readTree(Services.get("http://localhost:" + port(processor) + "/payments/" + paymentId)
                                        .body())
                                .path("appliedEventIds")
                                .size(),
                        n -> n == events);
    }

    private static HttpResponse<String> upload(String format, String query, String report) throws Exception {
        return post(
                "http://localhost:" + port(ingress) + "/settlements/" + format + query,
                report,
                new LinkedHashMap<>(
                        Map.of("Content-Type", "text/csv", "Authorization", OPERATOR.get("Authorization"))));
    }

    /** What the reconciler holds for the payment: its lines, which matched, its discrepancies. */
    private static JsonNode reconciled(String paymentId) {
        return JsonSerde.MAPPER.readTree(
                answered("http://localhost:" + port(reconciler) + "/reconciliation/payments/" + paymentId)
                        .body());
    }

    private static List<Discrepancy> open(String paymentId) {
        return JsonSerde.MAPPER
                .readValue(
                        answered("http://localhost:" + port(reconciler) + "/reconciliation/discrepancies?status=OPEN")
                                .body(),
                        new TypeReference<List<Discrepancy>>() {})
                .stream()
                .filter(d -> paymentId.equals(d.paymentId()))
                .toList();
    }

    @Test
    void aStripeReportWithOnlyLocalTimesReconcilesCleanlyInTheZoneTheUploadNames() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String intent = "pi_3Qlocal" + run;
        Map<String, String> ids = Map.of(
                "pi_3QpayhookA1b2C3d4", intent,
                "ch_3QpayhookA1b2C3d4", "ch_3Qlocal" + run,
                "re_3QpayhookR001", "re_3Qlocal" + run,
                "evt_1Qpayhook", "evt_" + run + "_");
        send("stripe", List.of("payment_intent.succeeded", "charge.succeeded", "refund.created"), ids);
        awaitEvents(intent, 3);
        // Run with the time zone Europe/Berlin: the times are local, and the lines dated in the last day.
        Instant charged = Instant.now().minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.SECONDS);
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        String report = WebhookFixtures.report("stripe", "balance_change_from_activity.itemized.3.local-time.csv")
                .replace("2026-11-20 11:00:00", LOCAL.format(charged.atZone(berlin)))
                .replace(
                        "2026-11-20 13:30:00",
                        LOCAL.format(charged.plusSeconds(3600).atZone(berlin)))
                .replace(
                        "2026-11-21 01:00:00",
                        LOCAL.format(charged.plusSeconds(7200).atZone(berlin)))
                .replace(
                        "2026-11-23 01:00:00",
                        LOCAL.format(charged.plusSeconds(7200).atZone(berlin)))
                .replace("txn_3QpayhookL", "txn_" + run + "_");
        for (Map.Entry<String, String> id : ids.entrySet()) {
            report = report.replace(id.getKey(), id.getValue());
        }

        HttpResponse<String> withoutZone = upload("stripe", "", report);
        assertThat(withoutZone.statusCode()).isEqualTo(400);
        assertThat(withoutZone.body()).contains("missing-time-zone").contains("?timezone=");

        HttpResponse<String> receipt = upload("stripe", "?timezone=Europe/Berlin", report);
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(202);
        assertThat(receipt.body()).contains("\"lines\":2").contains("\"rejectedCount\":0");
        Awaitility.await("both lines of " + intent + " matched")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    JsonNode held = reconciled(intent);
                    assertThat(held.path("lines").size()).isEqualTo(2);
                    assertThat(held.path("matched").size()).isEqualTo(2);
                    assertThat(held.path("lines")
                                    .path("stripe:txn_" + run + "_001")
                                    .path("settledAt")
                                    .asString())
                            .isEqualTo(charged.toString());
                });
        assertThat(open(intent)).isEmpty();
    }

    @Test
    void aRazorpayReconReportMatchesTheRazorpayWebhooksOfItsPayments() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String payment = "pay_Rzp" + run;
        String other = "pay_RzpOther" + run;
        Map<String, String> ids = Map.of(
                "pay_PayhookRzp0001",
                payment,
                "pay_PayhookRzp0002",
                other,
                "rfnd_PayhookRzp001",
                "rfnd_Rzp" + run,
                "disp_PayhookRzp003",
                "disp_Rzp" + run);
        send("razorpay", List.of("payment.authorized", "payment.captured", "refund.processed"), ids);
        awaitEvents(payment, 3);
        long settled = Instant.now().minus(Duration.ofHours(2)).getEpochSecond();
        String report = WebhookFixtures.report("razorpay", "settlement_recon_combined.csv")
                .replace("1795341610", Long.toString(settled))
                .replace("trf_PayhookRzp001", "trf_Rzp" + run)
                .replace("adj_PayhookRzp001", "adj_Rzp" + run);
        for (Map.Entry<String, String> id : ids.entrySet()) {
            report = report.replace(id.getKey(), id.getValue());
        }

        HttpResponse<String> receipt = upload("razorpay", "", report);
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(202);
        assertThat(receipt.body()).contains("\"lines\":3").contains("\"batchRows\":1");
        Awaitility.await("the payment and its refund matched")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(reconciled(payment).path("matched").size()).isEqualTo(2);
                    // The dispute adjustment of a payment no webhook told of is the one break.
                    assertThat(open(other)).extracting(d -> d.type().name()).containsExactly("UNKNOWN_SETTLEMENT");
                });
        assertThat(open(payment)).isEmpty();
    }

    @Test
    void aCaptureSettledInAnotherCurrencyIsOneDiscrepancyEvenAfterTheSettlementDelayHasPassed() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String psp = "88357" + Math.abs(run.hashCode());
        Instant captured = Instant.now().minus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> ids = Map.of(
                "8835713480000001",
                psp,
                "8835713480000003",
                psp + "c",
                "2026-11-20T10:00:00+01:00",
                captured.toString());
        send("adyen", List.of("authorisation", "capture"), ids);
        awaitEvents(psp, 2);
        // Settled the next hour, in USD: the payment was in EUR.
        String inUsd = "payment_id,type,amount,currency,fee,settled_at,reference\n" + psp + ",capture,100.00,USD,2.00,"
                + captured.plus(Duration.ofHours(1)) + ",ref_" + run + "\n";
        assertThat(upload("generic", "", inUsd).statusCode()).isEqualTo(202);
        Awaitility.await("the currency mismatch")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .untilAsserted(() ->
                        assertThat(open(psp)).extracting(d -> d.type().name()).containsExactly("CURRENCY_MISMATCH"));

        // A later batch whose cut-off is past the capture plus the 3-day delay: still that one break.
        String later = "payment_id,type,amount,currency,fee,settled_at,reference\n"
                + "pay_later_" + run + ",capture,1.00,EUR,0.02," + Instant.now().minus(Duration.ofHours(1)) + ",later_"
                + run + "\n";
        HttpResponse<String> receipt = upload("generic", "", later);
        assertThat(receipt.statusCode()).isEqualTo(202);
        String batchId =
                JsonSerde.MAPPER.readTree(receipt.body()).path("batchId").asString();
        Awaitility.await("the later batch held")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(open("pay_later_" + run)).hasSize(1);
                    assertThat(answered("http://localhost:" + port(reconciler) + "/reconciliation/local")
                                    .body())
                            .contains(batchId);
                });
        // The marker reaches every partition at once; what a task would emit for it, it emits within moments.
        Awaitility.await("no second break for the capture")
                .during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() ->
                        assertThat(open(psp)).extracting(d -> d.type().name()).containsExactly("CURRENCY_MISMATCH"));
        assertThat(reconciled(psp).path("awaitingSettlement").asBoolean()).isFalse();
    }

    @Test
    void aCorrectedFileUploadedAgainAddsTheRowItRejectedAndAppliesNothingTwice() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String psp = "88358" + Math.abs(run.hashCode());
        Instant captured = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> ids = Map.of(
                "8835713480000001",
                psp,
                "8835713480000003",
                psp + "c",
                "8835713480000004",
                psp + "r",
                "2026-11-20T10:00:00+01:00",
                captured.toString());
        send("adyen", List.of("authorisation", "capture", "refund"), ids);
        awaitEvents(psp, 3);
        String header = "payment_id,type,amount,currency,fee,settled_at,reference,capture_id\n";
        String capture =
                psp + ",capture,100.00,EUR,2.00," + captured.plusSeconds(60) + ",cap_" + run + "," + psp + "c\n";
        String refund = psp + ",refund,%s,EUR,0.00," + captured.plusSeconds(120) + "," + psp + "r,\n";

        HttpResponse<String> first = upload("generic", "", header + capture + refund.formatted("\"40,00\""));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(JsonSerde.MAPPER
                        .readTree(first.body())
                        .path("rejected")
                        .get(0)
                        .path("column")
                        .asString())
                .isEqualTo("amount");
        HttpResponse<String> corrected = upload("generic", "", header + capture + refund.formatted("40.00"));
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(202);
        assertThat(corrected.body()).contains("\"rejectedCount\":0");

        Awaitility.await("both lines held once and matched")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    JsonNode held = reconciled(psp);
                    assertThat(held.path("lines").size()).isEqualTo(2);
                    assertThat(held.path("matched").size()).isEqualTo(2);
                });
        assertThat(open(psp)).isEmpty();
    }
}
