package dev.payhook.reconciler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyResolution;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.JournalEntry;
import dev.payhook.common.JournalReversal;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PeriodClose;
import dev.payhook.common.PeriodStatement;
import dev.payhook.common.ResolutionAction;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementKind;
import dev.payhook.common.SettlementLine;
import dev.payhook.common.SettlementMatch;
import dev.payhook.common.SettlementMessage;
import dev.payhook.common.Topics;
import dev.payhook.reconciler.journal.JournalChain;
import dev.payhook.reconciler.matching.FeeSchedule;
import dev.payhook.reconciler.matching.ReconciliationTerms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
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
 * The reconciler's topology in its own module, with no broker: payment snapshots and settlement
 * records in, matches and discrepancies out. (The labelled scenarios across all report formats are in
 * system-tests, where the ingress's parsers are.)
 */
class ReconciliationTopologyTest {

    private static final JsonSerde<PeriodClose> CLOSES = JsonSerde.of(PeriodClose.class);
    private static final Instant CAPTURED = Instant.parse("2026-11-20T10:00:00Z");

    /** A merchant account whose provider settles within a day: its own settlement delay, not the sources' 3 days. */
    private static final String FAST_ACCOUNT = "acct-settles-next-day";

    private static final JsonSerde<SettlementMessage> SETTLEMENTS = JsonSerde.of(SettlementMessage.class);

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> payments;
    private TestInputTopic<String, byte[]> settlements;
    private TestOutputTopic<String, Discrepancy> discrepancies;
    private TestOutputTopic<String, SettlementMatch> matches;
    private Instant clock = CAPTURED;

    @BeforeEach
    void start() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        ReconciliationTopology.build(
                builder,
                new ReconciliationTerms(
                        Duration.ofDays(3),
                        FeeSchedule.NONE,
                        Map.of(FAST_ACCOUNT, new ReconciliationTerms.AccountTerms(Duration.ofDays(1), null))),
                10,
                BankSettings.NONE,
                dev.payhook.reconciler.journal.ChartOfAccounts.DEFAULT,
                ReconcilerMetrics.simple());
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "reconciliation-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(
                StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ttd").toString());
        driver = new TopologyTestDriver(builder.build(), config);
        payments = driver.createInputTopic(
                Topics.PAYMENTS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        settlements = driver.createInputTopic(
                Topics.SETTLEMENTS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        discrepancies = driver.createOutputTopic(
                Topics.DISCREPANCIES, Serdes.String().deserializer(), JsonSerde.of(Discrepancy.class));
        matches = driver.createOutputTopic(
                Topics.MATCHES, Serdes.String().deserializer(), JsonSerde.of(SettlementMatch.class));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aLineThatAgreesWithItsCaptureIsAMatchAndNothingElse() {
        capturedPayment("pay_match", "EUR", "cap_1");
        line("pay_match", "ref_match", 1000, "EUR");
        batch("stl_1", CAPTURED.plus(Duration.ofHours(1)));

        assertThat(matches.readValuesToList())
                .extracting(SettlementMatch::reference)
                .containsExactly("generic:ref_match");
        assertThat(latest()).isEmpty();
    }

    /**
     * The running totals move by each record's difference from what the payment held before: whatever order
     * a payment's evidence arrives in, they are its payments' sums, for the task and for each account.
     */
    @Test
    void theTotalsAreThePaymentsSumsWhateverOrderTheirEvidenceArrivesIn() {
        line("pay_a", "ref_a", 1000, "EUR", "acct-a");
        capturedPayment("pay_a", "EUR", "cap_1", "acct-a");
        capturedPayment("pay_b", "EUR", "cap_1", "acct-a");
        line("pay_b", "ref_b", 1000, "EUR", "acct-a");
        line("pay_b", "ref_b2", 400, "EUR", "acct-a");
        capturedPayment("pay_c", "USD", "cap_1");

        var totals = driver.<String, ReconciliationTotals>getKeyValueStore(ReconciliationTopology.TOTALS_STORE);
        assertThat(totals.get("partition-0"))
                .isEqualTo(new ReconciliationTotals(
                        3, 2, 1, new TreeMap<>(Map.of("EUR", 2400L)), new TreeMap<>(Map.of("EUR", 2000L))));
        assertThat(totals.get("partition-0@acct-a"))
                .isEqualTo(new ReconciliationTotals(
                        3, 2, 0, new TreeMap<>(Map.of("EUR", 2400L)), new TreeMap<>(Map.of("EUR", 2000L))));
        assertThat(totals.get("partition-0@-")).isEqualTo(new ReconciliationTotals(0, 0, 1, null, null));
    }

    /** An account's own settlement delay decides when its capture is missing; the others keep the sources'. */
    @Test
    void anAccountsOwnSettlementDelayAppliesToItsPaymentsAndTheSourcesToTheRest() {
        capturedPayment("pay_fast", "EUR", "cap_1", FAST_ACCOUNT);
        capturedPayment("pay_slow", "EUR", "cap_1", "acct-on-the-sources-terms");
        batch("stl_2d", CAPTURED.plus(Duration.ofDays(2)));

        assertThat(latest().values())
                .extracting(Discrepancy::paymentId, Discrepancy::type, Discrepancy::account)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "pay_fast", DiscrepancyType.MISSING_SETTLEMENT, FAST_ACCOUNT));
    }

    @Test
    void aCaptureSettledInAnotherCurrencyIsOneBreakBeforeAndAfterTheSettlementDelay() {
        capturedPayment("pay_fx", "EUR", "cap_1");
        line("pay_fx", "ref_usd", 1000, "USD");
        batch("stl_1", CAPTURED.plus(Duration.ofHours(1)));
        assertThat(latest().values()).extracting(Discrepancy::type).containsExactly(DiscrepancyType.CURRENCY_MISMATCH);

        batch("stl_2", CAPTURED.plus(Duration.ofDays(5)));

        assertThat(latest().values()).extracting(Discrepancy::type).containsExactly(DiscrepancyType.CURRENCY_MISMATCH);
    }

    @Test
    void aCaptureWithoutALineIsMissingOnlyOnceACutOffPassesTheDelay() {
        capturedPayment("pay_missing", "EUR", "cap_1");
        batch("stl_1", CAPTURED.plus(Duration.ofDays(2)));
        assertThat(latest()).isEmpty();

        batch("stl_2", CAPTURED.plus(Duration.ofDays(4)));

        assertThat(latest().values()).singleElement().satisfies(d -> {
            assertThat(d.type()).isEqualTo(DiscrepancyType.MISSING_SETTLEMENT);
            assertThat(d.amount()).isEqualTo(1000);
        });
    }

    @Test
    void anUnknownSettlementIsResolvedByTheLateWebhook() {
        line("pay_late", "ref_late", 1000, "EUR");
        assertThat(latest().values()).singleElement().satisfies(d -> assertThat(d.type())
                .isEqualTo(DiscrepancyType.UNKNOWN_SETTLEMENT));

        capturedPayment("pay_late", "EUR", "cap_1");

        assertThat(latest().values()).singleElement().satisfies(d -> assertThat(d.status())
                .isEqualTo(DiscrepancyStatus.RESOLVED));
    }

    @Test
    void aResolutionThatMovesMoneyPostsOneBalancedChainedEntryAndAReversalIsANewEntry() {
        line("pay_unknown", "ref_unknown", 1000, "EUR");
        Discrepancy unknown = latest().values().iterator().next();
        TestInputTopic<String, byte[]> resolutions = driver.createInputTopic(
                Topics.DISCREPANCY_RESOLUTIONS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        TestOutputTopic<String, JournalEntry> journal = driver.createOutputTopic(
                Topics.JOURNAL, Serdes.String().deserializer(), JsonSerde.of(JournalEntry.class));
        byte[] writeOff = JsonSerde.of(DiscrepancyResolution.class)
                .toBytes(new DiscrepancyResolution(
                        unknown.discrepancyId(),
                        "pay_unknown",
                        "customer paid twice, kept",
                        "finance",
                        CAPTURED.plusSeconds(3600),
                        ResolutionAction.WRITE_OFF));

        resolutions.pipeInput("pay_unknown", writeOff, tick());
        resolutions.pipeInput("pay_unknown", writeOff, tick());

        List<JournalEntry> posted = journal.readValuesToList();
        assertThat(posted).singleElement().satisfies(entry -> {
            assertThat(entry.discrepancyId()).isEqualTo(unknown.discrepancyId());
            assertThat(entry.operator()).isEqualTo("finance");
            // Money that came unexpected: a gain, out of the provider's clearing account.
            assertThat(entry.lines())
                    .containsExactly(
                            new JournalEntry.Line("psp-clearing:generic", 1000, 0, "EUR"),
                            new JournalEntry.Line("write-offs", 0, 1000, "EUR"));
            assertThat(entry.chain()).isEqualTo("reconciler-0");
            assertThat(entry.sequence()).isEqualTo(1);
            assertThat(entry.period()).isEqualTo(LocalDate.of(2026, 11, 20));
        });
        JournalEntry first = posted.get(0);

        resolutions.pipeInput(
                "reversal:" + first.entryId(),
                JsonSerde.of(JournalReversal.class)
                        .toBytes(new JournalReversal(
                                first.entryId(), "wrong action", "finance", CAPTURED.plusSeconds(7200))),
                tick());

        JournalEntry reversal = journal.readValue();
        assertThat(reversal.reverses()).isEqualTo(first.entryId());
        assertThat(reversal.lines())
                .containsExactly(
                        new JournalEntry.Line("psp-clearing:generic", 0, 1000, "EUR"),
                        new JournalEntry.Line("write-offs", 1000, 0, "EUR"));
        assertThat(reversal.sequence()).isEqualTo(2);
        assertThat(reversal.previousHash()).isEqualTo(first.hash());
        assertThat(JournalChain.verify(List.of(first, reversal)).intact()).isTrue();
        assertThat(journal.isEmpty()).isTrue();
    }

    @Test
    void aClosedMonthsStatementNeverChangesAndLateEvidenceIsAnAdjustmentOfTheNextMonth() {
        TestInputTopic<String, byte[]> commands = commands();
        TestOutputTopic<String, PeriodStatement> closes = closes();
        capturedPayment("pay_nov", "EUR", "cap_1");
        line("pay_nov", "ref_nov", 1000, "EUR");
        batch("stl_1", CAPTURED.plus(Duration.ofHours(1)));

        commands.pipeInput(
                "close:2026-11",
                JsonSerde.of(PeriodClose.class)
                        .toBytes(new PeriodClose("2026-11", "finance", Instant.parse("2026-12-01T09:00:00Z"), 1, null)),
                tick());

        PeriodStatement november = closes.readValue();
        assertThat(november.key()).isEqualTo("2026-11|generic|EUR");
        assertThat(november.totals()).isEqualTo(new PeriodStatement.Totals(1000, 0, 0, 0, 0, 1, 1, 1000));
        assertThat(november.previousHash()).isNull();
        assertThat(closes.isEmpty()).isTrue();

        // A line for a November day, uploaded after November closed (its payment unknown: one open break).
        line("pay_late", "ref_late", 500, "EUR");
        commands.pipeInput(
                "close:2026-11",
                JsonSerde.of(PeriodClose.class)
                        .toBytes(new PeriodClose("2026-11", "finance", Instant.parse("2026-12-02T09:00:00Z"), 1, null)),
                tick());
        assertThat(closes.isEmpty()).as("a closed period is never stated again").isTrue();

        commands.pipeInput(
                "close:2026-12",
                JsonSerde.of(PeriodClose.class)
                        .toBytes(new PeriodClose("2026-12", "finance", Instant.parse("2027-01-01T09:00:00Z"), 1, null)),
                tick());

        PeriodStatement december = closes.readValue();
        assertThat(december.key()).isEqualTo("2026-12|generic|EUR");
        assertThat(december.totals()).isEqualTo(PeriodStatement.Totals.NONE);
        assertThat(december.adjustments())
                .containsExactly(new PeriodStatement.Adjustment(
                        "2026-11", new PeriodStatement.Totals(500, 0, 0, 0, 0, 1, 0, 0)));
        assertThat(december.open())
                .extracting(PeriodStatement.Carried::type, PeriodStatement.Carried::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DiscrepancyType.UNKNOWN_SETTLEMENT, 500L));
        assertThat(december.previousHash()).isEqualTo(november.hash());
        assertThat(JournalChain.verifyStatements(List.of(november, december))).isNull();
        PeriodStatement altered = new PeriodStatement(
                november.period(),
                november.account(),
                november.source(),
                november.currency(),
                new PeriodStatement.Totals(1001, 0, 0, 0, 0, 1, 1, 1000),
                november.adjustments(),
                november.open(),
                november.journalEntries(),
                november.clearingBalance(),
                november.operator(),
                november.closedAt(),
                november.previousHash(),
                november.hash());
        assertThat(JournalChain.verifyStatements(List.of(altered, december)).sequence())
                .isEqualTo(1);
    }

    /**
     * An operator limited to an account closes its books alone: its statement holds its records only, what
     * comes later for its closed days is its own next period's adjustment, and the other accounts stay open
     * until a close of every account states them (and never states the closed account again).
     */
    @Test
    void anAccountsCloseStatesOnlyItsBooksAndLeavesTheOthersOpen() {
        TestInputTopic<String, byte[]> commands = commands();
        TestOutputTopic<String, PeriodStatement> closes = closes();
        capturedPayment("pay_a", "EUR", "cap_a", "acct-a");
        line("pay_a", "ref_a", 1000, "EUR", "acct-a");
        capturedPayment("pay_b", "EUR", "cap_b", "acct-b");
        line("pay_b", "ref_b", 1000, "EUR", "acct-b");

        commands.pipeInput(
                "close:2026-11",
                CLOSES.toBytes(new PeriodClose(
                        "2026-11",
                        "team-a",
                        Instant.parse("2026-12-01T09:00:00Z"),
                        1,
                        new java.util.TreeSet<>(Set.of("acct-a")))),
                tick());

        PeriodStatement novemberOfA = closes.readValue();
        assertThat(novemberOfA.key()).isEqualTo("2026-11|generic|EUR|acct-a");
        assertThat(novemberOfA.account()).isEqualTo("acct-a");
        assertThat(novemberOfA.totals()).isEqualTo(new PeriodStatement.Totals(1000, 0, 0, 0, 0, 1, 1, 1000));
        assertThat(closes.isEmpty()).as("acct-b's books stay open").isTrue();

        // Late November lines of both: acct-a's November is closed, acct-b's is not.
        line("pay_a_late", "ref_a_late", 300, "EUR", "acct-a");
        line("pay_b_late", "ref_b_late", 500, "EUR", "acct-b");
        commands.pipeInput(
                "close:2026-11",
                CLOSES.toBytes(new PeriodClose("2026-11", "finance", Instant.parse("2026-12-02T09:00:00Z"), 1, null)),
                tick());

        PeriodStatement novemberOfB = closes.readValue();
        assertThat(novemberOfB.key()).isEqualTo("2026-11|generic|EUR|acct-b");
        assertThat(novemberOfB.totals()).isEqualTo(new PeriodStatement.Totals(1500, 0, 0, 0, 0, 2, 1, 1000));
        assertThat(novemberOfB.open())
                .extracting(PeriodStatement.Carried::amount)
                .containsExactly(500L);
        assertThat(closes.isEmpty()).as("acct-a's November is stated once").isTrue();

        commands.pipeInput(
                "close:2026-12",
                CLOSES.toBytes(new PeriodClose("2026-12", "finance", Instant.parse("2027-01-01T09:00:00Z"), 1, null)),
                tick());

        List<PeriodStatement> december = closes.readValuesToList();
        PeriodStatement decemberOfA = december.stream()
                .filter(s -> "acct-a".equals(s.account()))
                .findFirst()
                .orElseThrow();
        assertThat(decemberOfA.adjustments())
                .containsExactly(new PeriodStatement.Adjustment(
                        "2026-11", new PeriodStatement.Totals(300, 0, 0, 0, 0, 1, 0, 0)));
        assertThat(decemberOfA.open())
                .extracting(PeriodStatement.Carried::amount)
                .containsExactly(300L);
        assertThat(decemberOfA.previousHash()).isEqualTo(novemberOfA.hash());
        PeriodStatement decemberOfB = december.stream()
                .filter(s -> "acct-b".equals(s.account()))
                .findFirst()
                .orElseThrow();
        assertThat(decemberOfB.adjustments()).isEmpty();
        assertThat(decemberOfB.open())
                .extracting(PeriodStatement.Carried::amount)
                .containsExactly(500L);
        assertThat(decemberOfB.previousHash()).isEqualTo(novemberOfB.hash());
        List<PeriodStatement> all = new java.util.ArrayList<>(december);
        all.add(novemberOfA);
        all.add(novemberOfB);
        assertThat(JournalChain.verifyStatements(all)).isNull();
    }

    /** A day closed, then its month: the month's statement leaves out what the day's stated (stated once). */
    @Test
    void aMonthClosedAfterOneOfItsDaysStatesThatDayOnce() {
        TestInputTopic<String, byte[]> commands = commands();
        TestOutputTopic<String, PeriodStatement> closes = closes();
        capturedPayment("pay_day", "EUR", "cap_day");
        line("pay_day", "ref_day", 1000, "EUR");

        commands.pipeInput(
                "close:2026-11-20",
                CLOSES.toBytes(
                        new PeriodClose("2026-11-20", "finance", Instant.parse("2026-11-21T09:00:00Z"), 1, null)),
                tick());
        assertThat(closes.readValue().totals().captured()).isEqualTo(1000);
        commands.pipeInput(
                "close:2026-11",
                CLOSES.toBytes(new PeriodClose("2026-11", "finance", Instant.parse("2026-12-01T09:00:00Z"), 1, null)),
                tick());

        assertThat(closes.readValuesToList())
                .extracting(s -> s.totals().captured())
                .as("the month's statements leave the closed day's capture out")
                .allMatch(captured -> captured == 0);
    }

    /** Operators' orders to the reconciler: resolutions, reversals, period closes. */
    private TestInputTopic<String, byte[]> commands() {
        return driver.createInputTopic(
                Topics.DISCREPANCY_RESOLUTIONS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
    }

    private TestOutputTopic<String, PeriodStatement> closes() {
        return driver.createOutputTopic(
                Topics.PERIOD_CLOSES, Serdes.String().deserializer(), JsonSerde.of(PeriodStatement.class));
    }

    /** What the processor publishes for a payment captured once, naming its capture. */
    private void capturedPayment(String paymentId, String currency, String captureId) {
        capturedPayment(paymentId, currency, captureId, null);
    }

    private void capturedPayment(String paymentId, String currency, String captureId, String account) {
        String json = (account == null ? "{" : "{\"account\":\"" + account + "\",")
                + """
                "paymentId":"%s","status":"CAPTURED","currency":"%s","amount":1000,"authorizedAmount":1000,
                 "capturedAmount":1000,"uncapturedAmount":0,
                 "captures":{"%s":{"amount":1000,"capturedAt":"%s"}},"refundedAmount":0,
                 "appliedEventIds":["generic:a_%s","generic:c_%s"],"source":"generic",
                 "createdAt":"%s","capturedAt":"%s","updatedAt":"%s"}"""
                        .formatted(
                                paymentId, currency, captureId, CAPTURED, paymentId, paymentId, CAPTURED, CAPTURED,
                                CAPTURED);
        payments.pipeInput(paymentId, json.getBytes(StandardCharsets.UTF_8), tick());
    }

    private void line(String paymentId, String reference, long amount, String currency) {
        line(paymentId, reference, amount, currency, null);
    }

    private void line(String paymentId, String reference, long amount, String currency, String account) {
        SettlementLine line = new SettlementLine(
                "stl_1",
                "generic",
                2,
                "generic:" + reference,
                paymentId,
                SettlementKind.CAPTURE,
                amount,
                currency,
                null,
                null,
                null,
                CAPTURED.plus(Duration.ofMinutes(30)),
                account);
        settlements.pipeInput(paymentId, SETTLEMENTS.toBytes(line), tick());
    }

    private void batch(String batchId, Instant cutoff) {
        settlements.pipeInput(
                "batch:" + batchId,
                SETTLEMENTS.toBytes(new SettlementBatch(batchId, "generic", cutoff, 0, null, null, null, cutoff)),
                tick());
    }

    private Map<String, Discrepancy> latest() {
        Map<String, Discrepancy> byId = new LinkedHashMap<>();
        discrepancies.readRecordsToList().forEach(r -> byId.put(r.key(), r.value()));
        held.putAll(byId);
        return Map.copyOf(held);
    }

    private final Map<String, Discrepancy> held = new LinkedHashMap<>();

    private Instant tick() {
        clock = clock.plusMillis(10);
        return clock;
    }
}
