package dev.payhook.reconciler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.BankLine;
import dev.payhook.common.BankStatement;
import dev.payhook.common.BankStatementMessage;
import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyResolution;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementMessage;
import dev.payhook.common.Topics;
import dev.payhook.reconciler.matching.BankAccount;
import dev.payhook.reconciler.matching.FeeSchedule;
import dev.payhook.reconciler.matching.PayoutMatching;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bank leg in the reconciler's topology, without a broker: payouts from batch markers, statements
 * on their topic, resolutions, and the wall clock. (Through a real broker: BankReconciliationIT.)
 */
class BankLegTopologyTest {

    private static final String IBAN = "DE89370400440532013000";
    private static final LocalDate PAID_ON = LocalDate.of(2026, 11, 6); // a Friday; due by Friday 13th
    private static final LocalDate DUE = LocalDate.of(2026, 11, 13);
    private static final Instant AFTER_WINDOW = Instant.parse("2026-11-16T08:00:00Z");
    private static final JsonSerde<SettlementMessage> SETTLEMENTS = JsonSerde.of(SettlementMessage.class);
    private static final JsonSerde<BankStatementMessage> STATEMENTS = JsonSerde.of(BankStatementMessage.class);

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> settlements;
    private TestInputTopic<String, byte[]> statements;
    private TestInputTopic<String, byte[]> resolutions;
    private TestOutputTopic<String, Discrepancy> discrepancies;
    private final Map<String, Discrepancy> held = new LinkedHashMap<>();

    @BeforeEach
    void start() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        BankSettings bank = new BankSettings(
                List.of(new BankAccount(
                        "DE89 3704 0044 0532 0130 00",
                        "EUR",
                        List.of("stripe", "adyen"),
                        BankAccount.Netting.PER_PAYOUT,
                        null)),
                new PayoutMatching.Settings(5, BankSettings.NONE.matching().providerNames()));
        ReconciliationTopology.build(
                builder,
                Duration.ofDays(3),
                10,
                FeeSchedule.NONE,
                bank,
                dev.payhook.reconciler.journal.ChartOfAccounts.DEFAULT,
                ReconcilerMetrics.simple());
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "bank-leg-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(
                StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ttd").toString());
        driver = new TopologyTestDriver(builder.build(), config);
        settlements = input(Topics.SETTLEMENTS);
        statements = input(Topics.BANK_STATEMENTS);
        resolutions = input(Topics.DISCREPANCY_RESOLUTIONS);
        discrepancies = driver.createOutputTopic(
                Topics.DISCREPANCIES, Serdes.String().deserializer(), JsonSerde.of(Discrepancy.class));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void onePayoutArrivesOneArrivesShortOneNeverArrivesAndAnUnknownProviderCreditEach() {
        batch("stl_stripe", Map.of("po_A", 6785L, "po_B", 10000L, "po_C", 5000L), AFTER_WINDOW);
        statement(
                "s1",
                AFTER_WINDOW,
                credit("r1", 6785, "STRIPE PAYOUT po_A"),
                credit("r2", 9000, "STRIPE PAYOUT po_B"),
                credit("r3", 4400, "ADYEN N.V. TX9999999999XT batch 7"),
                credit("r4", 12000, "Customer invoice 4711"));

        List<Discrepancy> emitted = discrepancies.readValuesToList();
        assertThat(emitted)
                .extracting(Discrepancy::type, Discrepancy::status, Discrepancy::amount)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                DiscrepancyType.BANK_AMOUNT_MISMATCH, DiscrepancyStatus.OPEN, 1000L),
                        org.assertj.core.groups.Tuple.tuple(
                                DiscrepancyType.PAYOUT_NOT_RECEIVED, DiscrepancyStatus.OPEN, 5000L),
                        org.assertj.core.groups.Tuple.tuple(
                                DiscrepancyType.UNEXPECTED_PAYOUT_CREDIT, DiscrepancyStatus.OPEN, 4400L));
        assertThat(emitted).allSatisfy(d -> assertThat(d.paymentId()).isNull());

        // The same statement again, and the same batch again: nothing.
        statement(
                "s1",
                AFTER_WINDOW.plusSeconds(60),
                credit("r1", 6785, "STRIPE PAYOUT po_A"),
                credit("r2", 9000, "STRIPE PAYOUT po_B"),
                credit("r3", 4400, "ADYEN N.V. TX9999999999XT batch 7"),
                credit("r4", 12000, "Customer invoice 4711"));
        batch("stl_stripe", Map.of("po_A", 6785L, "po_B", 10000L, "po_C", 5000L), AFTER_WINDOW.plusSeconds(60));
        assertThat(discrepancies.readValuesToList()).isEmpty();
    }

    @Test
    void laterEvidenceClearsEachOfTheThree() {
        batch("stl_stripe", Map.of("po_B", 10000L, "po_C", 5000L), AFTER_WINDOW);
        statement("s1", AFTER_WINDOW, credit("r2", 9000, "po_B"), credit("r3", 4400, "ADYEN N.V. TX9999999999XT"));
        assertThat(latest().values())
                .extracting(Discrepancy::status)
                .containsOnly(DiscrepancyStatus.OPEN)
                .hasSize(3);

        // The bank credits po_B's remainder under its reference, po_C arrives, and Adyen's report brings
        // the payout the stray credit paid.
        statement("s2", AFTER_WINDOW.plusSeconds(60), credit("r5", 5000, "STRIPE po_C"), credit("r6", 1000, "po_B"));
        adyenBatch("stl_adyen", 4400, "TX9999999999XT PayhookECOM, batch 7", AFTER_WINDOW.plusSeconds(120));

        Map<DiscrepancyType, Discrepancy> byType = new TreeMap<>();
        latest().values().forEach(d -> byType.put(d.type(), d));
        assertThat(byType.get(DiscrepancyType.PAYOUT_NOT_RECEIVED).status()).isEqualTo(DiscrepancyStatus.RESOLVED);
        assertThat(byType.get(DiscrepancyType.PAYOUT_NOT_RECEIVED).resolution())
                .isEqualTo("a bank credit for the payout arrived");
        assertThat(byType.get(DiscrepancyType.UNEXPECTED_PAYOUT_CREDIT).status())
                .isEqualTo(DiscrepancyStatus.RESOLVED);
        assertThat(byType.get(DiscrepancyType.UNEXPECTED_PAYOUT_CREDIT).resolution())
                .isEqualTo("a payout the credit pays arrived");
        assertThat(byType.get(DiscrepancyType.BANK_AMOUNT_MISMATCH).status()).isEqualTo(DiscrepancyStatus.RESOLVED);
        assertThat(byType.get(DiscrepancyType.BANK_AMOUNT_MISMATCH).resolution())
                .isEqualTo("the bank credit and the payout now agree");
    }

    @Test
    void aPayoutIsNotReceivedOnlyOnceTheBanksStatementsCoverItsWindowAndOnlyOnce() {
        batch("stl_stripe", Map.of("po_C", 5000L), AFTER_WINDOW);
        statement("s1", AFTER_WINDOW, DUE.minusDays(1), credit("r4", 12000, "Customer invoice 4711"));
        assertThat(discrepancies.readValuesToList()).isEmpty();

        statement("s2", AFTER_WINDOW.plusSeconds(60), DUE, credit("r5", 300, "Customer invoice 4712"));
        assertThat(discrepancies.readValuesToList())
                .extracting(Discrepancy::type)
                .containsExactly(DiscrepancyType.PAYOUT_NOT_RECEIVED);

        statement("s3", AFTER_WINDOW.plusSeconds(120), DUE.plusDays(3), credit("r6", 400, "Customer invoice 4713"));
        assertThat(discrepancies.readValuesToList()).isEmpty();
    }

    @Test
    void anOperatorsResolutionHoldsWhileTheEvidenceStillShowsIt() {
        batch("stl_stripe", Map.of("po_B", 10000L), AFTER_WINDOW);
        statement("s1", AFTER_WINDOW, credit("r2", 9000, "po_B"));
        Discrepancy mismatch = latest().values().iterator().next();
        assertThat(mismatch.type()).isEqualTo(DiscrepancyType.BANK_AMOUNT_MISMATCH);

        resolutions.pipeInput(
                "bank:" + mismatch.batchId(),
                JsonSerde.of(DiscrepancyResolution.class)
                        .toBytes(new DiscrepancyResolution(
                                mismatch.discrepancyId(), null, "bank fee of 10.00 EUR", "finance", AFTER_WINDOW)),
                AFTER_WINDOW.plusSeconds(1));
        assertThat(latest().get(mismatch.discrepancyId()).resolvedBy()).isEqualTo(Discrepancy.BY_OPERATOR);

        statement("s2", AFTER_WINDOW.plusSeconds(60), DUE.plusDays(2), credit("r9", 100, "Customer invoice 1"));
        assertThat(discrepancies.readValuesToList()).isEmpty();
    }

    private TestInputTopic<String, byte[]> input(String topic) {
        return driver.createInputTopic(
                topic, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    }

    private void batch(String batchId, Map<String, Long> payouts, Instant at) {
        TreeMap<String, SettlementBatch.Payout> byId = new TreeMap<>();
        payouts.forEach((id, amount) -> byId.put(
                id,
                new SettlementBatch.Payout(
                        amount, amount, 0, "EUR", List.of(new SettlementBatch.Payout.Transfer(id, amount, PAID_ON)))));
        settlements.pipeInput(
                "batch:" + batchId,
                SETTLEMENTS.toBytes(new SettlementBatch(batchId, "stripe", at, 0, null, null, byId, at)),
                at);
    }

    private void adyenBatch(String batchId, long amount, String reference, Instant at) {
        TreeMap<String, SettlementBatch.Payout> byCurrency = new TreeMap<>();
        byCurrency.put(
                "EUR",
                new SettlementBatch.Payout(
                        amount,
                        amount,
                        0,
                        null,
                        List.of(new SettlementBatch.Payout.Transfer(reference, amount, PAID_ON))));
        settlements.pipeInput(
                "batch:" + batchId,
                SETTLEMENTS.toBytes(new SettlementBatch(batchId, "adyen", at, 0, null, null, byCurrency, at)),
                at);
    }

    private void statement(String statementId, Instant at, BankLine... credits) {
        statement(statementId, at, DUE, credits);
    }

    private void statement(String statementId, Instant at, LocalDate coveredThrough, BankLine... credits) {
        List<BankLine> lines = new ArrayList<>();
        for (BankLine credit : credits) {
            BankLine line = new BankLine(
                    credit.lineId(),
                    statementId,
                    credit.account(),
                    credit.bookingDate(),
                    credit.valueDate(),
                    credit.amount(),
                    credit.currency(),
                    true,
                    credit.bankReference(),
                    null,
                    credit.remittance(),
                    null);
            lines.add(line);
            statements.pipeInput(IBAN, STATEMENTS.toBytes(line), at);
        }
        statements.pipeInput(
                "statement:" + statementId,
                STATEMENTS.toBytes(new BankStatement(
                        statementId,
                        "camt053",
                        new TreeSet<>(List.of(IBAN)),
                        lines.size(),
                        at,
                        "test",
                        0,
                        null,
                        new TreeMap<>(Map.of(IBAN, coveredThrough)))),
                at);
    }

    private static BankLine credit(String reference, long amount, String remittance) {
        return new BankLine(
                IBAN + ":" + reference,
                "s",
                IBAN,
                PAID_ON,
                PAID_ON,
                amount,
                "EUR",
                true,
                reference,
                null,
                remittance,
                null);
    }

    private Map<String, Discrepancy> latest() {
        discrepancies.readRecordsToList().forEach(r -> held.put(r.key(), r.value()));
        return Map.copyOf(held);
    }
}
