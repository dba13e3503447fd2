package dev.payhook.systemtests;

import static dev.payhook.systemtests.Services.BOOTSTRAP;
import static dev.payhook.systemtests.Services.OPERATOR;
import static dev.payhook.systemtests.Services.answered;
import static dev.payhook.systemtests.Services.port;
import static dev.payhook.systemtests.Services.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.JournalEntry;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PeriodStatement;
import dev.payhook.common.Topics;
import dev.payhook.testkit.ProviderSigner;
import dev.payhook.testkit.SettlementScenario;
import dev.payhook.testkit.SignedWebhook;
import dev.payhook.testkit.TopicReader;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The finance loop through the real broker: the scenario's breaks, settled last month, resolved with
 * each action (the entries each posts); last month closed (its statements, the audit intact); the
 * webhook of a payment only the report knew arriving after the close (the adjustment in this month's
 * statement, naming last month, and last month's statement unchanged); and a reconciler rebuilt from
 * the topics reproducing the same journal chain and statements, hash for hash.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JournalAndPeriodCloseIT {

    private static final YearMonth LAST_MONTH = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
    private static final YearMonth THIS_MONTH = YearMonth.now(ZoneOffset.UTC);
    private static final Instant SETTLED_AT = LAST_MONTH.atDay(15).atTime(10, 0).toInstant(ZoneOffset.UTC);

    private static ConfigurableApplicationContext ingress;
    private static ConfigurableApplicationContext processor;
    private static ConfigurableApplicationContext reconciler;
    private static String reconcilerUrl;
    private static SettlementScenario scenario;

    @BeforeAll
    static void start() throws Exception {
        ingress = Services.ingress();
        processor = Services.processor(
                Files.createTempDirectory("processor").toString(),
                "--spring.kafka.streams.application-id=payhook-processor-journal-it");
        reconciler = reconciler("payhook-reconciler-journal-it");
        reconcilerUrl = "http://localhost:" + port(reconciler);
        scenario = SettlementScenario.generate(77, 1, SETTLED_AT);
        Services.deliverWebhooks(scenario, port(ingress), port(processor));
        assertThat(post("http://localhost:" + port(ingress) + "/settlements/adyen", scenario.report("adyen"), OPERATOR)
                        .statusCode())
                .isEqualTo(202);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> open().keySet()
                        .containsAll(scenario.expectedDiscrepancies().keySet()));
    }

    private static ConfigurableApplicationContext reconciler(String applicationId) throws Exception {
        return Services.reconciler(
                Files.createTempDirectory("reconciler").toString(),
                "--spring.kafka.streams.application-id=" + applicationId);
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext service :
                new ConfigurableApplicationContext[] {reconciler, processor, ingress}) {
            if (service != null && service.isActive()) {
                service.close();
            }
        }
    }

    @Test
    @Order(1)
    void eachActionPostsItsBalancedEntryAndExplainingPostsNone() throws Exception {
        Map<String, Discrepancy> open = open();
        Map<String, String> actions = Map.of(
                "AMOUNT_MISMATCH", "WRITE_OFF",
                "FEE_MISMATCH", "FEE_ADJUSTMENT",
                "MISSING_SETTLEMENT", "MARK_RECEIVED",
                "REFUND_MISMATCH", "REFUND_ISSUED",
                "CURRENCY_MISMATCH", "EXPLAINED");
        Map<String, Discrepancy> resolved = new TreeMap<>();
        for (Map.Entry<String, String> action : actions.entrySet()) {
            Discrepancy d = open.values().stream()
                    .filter(x -> x.type().name().equals(action.getKey()))
                    .findFirst()
                    .orElseThrow();
            var answer = post(
                    reconcilerUrl + "/reconciliation/discrepancies/" + d.discrepancyId() + "/resolve",
                    "{\"note\":\"finance: " + action.getValue() + "\",\"action\":\"" + action.getValue() + "\"}",
                    Map.of("Authorization", OPERATOR.get("Authorization"), "Content-Type", "application/json"));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            resolved.put(action.getValue(), d);
        }

        List<JournalEntry> entries = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(JournalAndPeriodCloseIT::journal, list -> list.size() == 4);
        Map<String, List<String>> accountsByAction = entries.stream()
                .collect(Collectors.toMap(e -> e.action().name(), e -> e.lines().stream()
                        .map(l -> (l.debit() > 0 ? "Dr " : "Cr ") + l.account())
                        .toList()));
        String clearing = "psp-clearing:";
        assertThat(accountsByAction.get("WRITE_OFF"))
                .containsExactly("Dr write-offs", "Cr " + clearing + source(resolved.get("WRITE_OFF")));
        assertThat(accountsByAction.get("FEE_ADJUSTMENT"))
                .containsExactly("Dr fees", "Cr " + clearing + source(resolved.get("FEE_ADJUSTMENT")));
        assertThat(accountsByAction.get("MARK_RECEIVED"))
                .containsExactly("Dr bank", "Cr " + clearing + source(resolved.get("MARK_RECEIVED")));
        assertThat(accountsByAction.get("REFUND_ISSUED"))
                .containsExactly("Dr refunds", "Cr " + clearing + source(resolved.get("REFUND_ISSUED")));
        assertThat(accountsByAction).doesNotContainKey("EXPLAINED");
        for (JournalEntry entry : entries) {
            Discrepancy d = resolved.get(entry.action().name());
            assertThat(entry.discrepancyId()).isEqualTo(d.discrepancyId());
            assertThat(entry.operator()).isEqualTo("local");
            assertThat(entry.lines()).allSatisfy(l -> {
                assertThat(l.currency()).isEqualTo(d.currency());
                assertThat(l.debit() + l.credit()).isEqualTo(d.amount());
            });
        }
        var csv = answered(reconcilerUrl + "/journal?format=csv").body();
        assertThat(csv.lines().findFirst().orElseThrow())
                .isEqualTo("date,account,debit,credit,currency,memo,reference,entry_id,reverses,adjusts_period");
        assertThat(csv.lines().count()).isEqualTo(1 + 8);
    }

    @Test
    @Order(2)
    void lastMonthClosesWithItsStatementsAndTheAuditHolds() throws Exception {
        var close = post(reconcilerUrl + "/reconciliation/periods/" + LAST_MONTH + "/close", "", OPERATOR);
        assertThat(close.statusCode()).as(close.body()).isEqualTo(202);

        List<PeriodStatement> statements = statements(LAST_MONTH.toString());
        long captured = statements.stream()
                .filter(s -> s.source().equals("adyen"))
                .mapToLong(s -> s.totals().lines())
                .sum();
        assertThat(captured)
                .isEqualTo(TopicReader.all(
                                BOOTSTRAP,
                                Topics.SETTLEMENTS,
                                r -> r.value().contains("\"record\":\"line\"")
                                        && r.value()
                                                .contains(scenario.payments()
                                                        .get(0)
                                                        .paymentId()
                                                        .replaceAll("_\\d+_.*", "")))
                        .size());
        // The entries are booked on the day they were posted: this month, not the one the breaks are from.
        assertThat(statements.stream().mapToLong(s -> s.journalEntries().size()).sum())
                .isZero();
        assertThat(post(reconcilerUrl + "/reconciliation/periods/" + LAST_MONTH + "/close", "", OPERATOR)
                        .statusCode())
                .isEqualTo(409);
        JsonNode audit = JsonSerde.MAPPER.readTree(
                answered(reconcilerUrl + "/reconciliation/audit/verify").body());
        assertThat(audit.get("intact").asBoolean()).as(audit.toString()).isTrue();
        assertThat(audit.get("statements").asLong()).isEqualTo(statements.size());
    }

    @Test
    @Order(3)
    void aLateWebhookForLastMonthIsAnAdjustmentOfThisMonthAndLastMonthNeverChanges() throws Exception {
        List<PeriodStatement> before = statements(LAST_MONTH.toString());
        SettlementScenario.PlannedPayment unknown = scenario.payments().stream()
                .filter(p -> p.plant() == SettlementScenario.Plant.UNKNOWN_SETTLEMENT)
                .findFirst()
                .orElseThrow();
        SettlementScenario.Row row = unknown.rows().get(0);
        ProviderSigner signer = new ProviderSigner();
        for (String type : List.of("payment.authorized", "payment.captured")) {
            SignedWebhook late = signer.sign(
                    "generic",
                    new ProviderSigner.PaymentFact(
                            "evt_late_" + type + "_" + unknown.paymentId(),
                            type,
                            unknown.paymentId(),
                            "ord_" + unknown.paymentId(),
                            row.amount(),
                            row.currency(),
                            null,
                            row.settledAt().minusSeconds(3600)));
            assertThat(post("http://localhost:" + port(ingress) + "/webhooks/generic", late.body(), late.headers())
                            .statusCode())
                    .isEqualTo(200);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !open().containsKey(unknown.paymentId()));

        var close = post(reconcilerUrl + "/reconciliation/periods/" + THIS_MONTH + "/close", "", OPERATOR);
        assertThat(close.statusCode()).as(close.body()).isEqualTo(202);
        List<PeriodStatement> now = statements(THIS_MONTH.toString());

        PeriodStatement adjusted = now.stream()
                .filter(s -> s.source().equals("adyen") && s.currency().equals(row.currency()))
                .findFirst()
                .orElseThrow();
        assertThat(adjusted.adjustments()).singleElement().satisfies(a -> {
            assertThat(a.adjustsPeriod()).isEqualTo(LAST_MONTH.toString());
            assertThat(a.totals().matchedLines()).isEqualTo(1);
            assertThat(a.totals().matchedAmount()).isEqualTo(row.amount());
        });
        assertThat(statements(LAST_MONTH.toString())).isEqualTo(before);
        assertThat(now.stream().mapToLong(s -> s.journalEntries().size()).sum()).isEqualTo(4);
    }

    @Test
    @Order(4)
    void aReconcilerRebuiltFromTheTopicsReproducesTheSameChain() throws Exception {
        Map<String, String> journal = hashes(Topics.JOURNAL);
        Map<String, String> statements = hashes(Topics.PERIOD_CLOSES);
        assertThat(journal).hasSize(4);
        reconciler.close();

        reconciler = reconciler("payhook-reconciler-journal-it-replay");
        reconcilerUrl = "http://localhost:" + port(reconciler);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() ->
                        TopicReader.all(BOOTSTRAP, Topics.JOURNAL, r -> true).size() >= 2 * journal.size()
                                && TopicReader.all(BOOTSTRAP, Topics.PERIOD_CLOSES, r -> true)
                                                .size()
                                        >= 2 * statements.size());

        // Every key was written twice (first run, rebuild), each time with the same hash.
        assertThat(hashes(Topics.JOURNAL)).isEqualTo(journal);
        assertThat(hashes(Topics.PERIOD_CLOSES)).isEqualTo(statements);
        JsonNode audit = JsonSerde.MAPPER.readTree(
                answered(reconcilerUrl + "/reconciliation/audit/verify").body());
        assertThat(audit.get("intact").asBoolean()).as(audit.toString()).isTrue();
    }

    /** Every key's hash on a topic; a key written with two different hashes fails. */
    private static Map<String, String> hashes(String topic) {
        Map<String, String> byKey = new TreeMap<>();
        for (ConsumerRecord<String, String> record : TopicReader.all(BOOTSTRAP, topic, r -> r.value() != null)) {
            String hash = JsonSerde.MAPPER.readTree(record.value()).get("hash").asString();
            String held = byKey.putIfAbsent(record.key(), hash);
            assertThat(held == null || held.equals(hash))
                    .as(record.key() + " written with two hashes")
                    .isTrue();
        }
        return byKey;
    }

    private static List<PeriodStatement> statements(String period) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> {
                            var answer = Services.get(reconcilerUrl + "/reconciliation/periods/" + period);
                            return answer.statusCode() != 200
                                    ? null
                                    : JsonSerde.MAPPER.readValue(
                                            JsonSerde.MAPPER
                                                    .readTree(answer.body())
                                                    .get("statements")
                                                    .toString(),
                                            new TypeReference<List<PeriodStatement>>() {});
                        },
                        list -> list != null);
    }

    private static List<JournalEntry> journal() throws Exception {
        return JsonSerde.MAPPER.readValue(
                answered(reconcilerUrl + "/journal").body(), new TypeReference<List<JournalEntry>>() {});
    }

    /** The open discrepancies by payment. */
    private static Map<String, Discrepancy> open() throws Exception {
        List<Discrepancy> all = JsonSerde.MAPPER.readValue(
                answered(reconcilerUrl + "/reconciliation/discrepancies?status=OPEN")
                        .body(),
                new TypeReference<List<Discrepancy>>() {});
        Map<String, Discrepancy> byPayment = new TreeMap<>();
        all.stream().filter(d -> d.paymentId() != null).forEach(d -> byPayment.put(d.paymentId(), d));
        return byPayment;
    }

    private static String source(Discrepancy d) throws Exception {
        JsonNode detail =
                JsonSerde.MAPPER.readTree(answered(reconcilerUrl + "/reconciliation/discrepancies/" + d.discrepancyId())
                        .body());
        return detail.path("payment").path("payment").path("source").asString();
    }
}
