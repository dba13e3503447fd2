package dev.payhook.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.payhook.common.DeadLetter;
import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyResolution;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.common.PaymentState;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementKind;
import dev.payhook.common.SettlementLine;
import dev.payhook.common.SettlementMatch;
import dev.payhook.common.SettlementMessage;
import dev.payhook.common.Topics;
import dev.payhook.processor.state.PaymentFacts;
import dev.payhook.processor.state.PaymentStateMachine;
import dev.payhook.provider.settlement.SettlementReports;
import dev.payhook.reconciler.matching.FeeSchedule;
import dev.payhook.reconciler.stream.DiscrepancyCounts;
import dev.payhook.reconciler.stream.DiscrepancyFilter;
import dev.payhook.reconciler.stream.DiscrepancyHistory;
import dev.payhook.reconciler.stream.DiscrepancyIndex;
import dev.payhook.reconciler.stream.PaymentReconciliation;
import dev.payhook.reconciler.stream.ReconcilerMetrics;
import dev.payhook.reconciler.stream.ReconciliationTopology;
import dev.payhook.reconciler.stream.ReconciliationTotals;
import dev.payhook.testkit.ProviderSigner.PaymentFact;
import dev.payhook.testkit.SettlementScenario;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The labelled scenarios of {@link SettlementScenario}, read by the ingress's own report parsers
 * in all three formats and fed to the topology in many arrival orders: the reconciler must report
 * exactly the planted discrepancies, nothing missing and nothing extra, whatever the order.
 */
class ReconciliationScenarioTest {

    private static final Instant SETTLED_AT = Instant.parse("2026-11-20T10:00:00Z");
    private static final int MAX_LINES = 10;
    /** The scenario's fee schedule, for the source its events name. */
    static final FeeSchedule FEES = new FeeSchedule(Map.of(
            "standard",
            Map.of(
                    FeeSchedule.ANY_METHOD,
                    new FeeSchedule.Rule(BigDecimal.valueOf(SettlementScenario.FEE_PERCENT), 0L, 1L))));

    private static final JsonSerde<PaymentState> STATES = JsonSerde.of(PaymentState.class);
    private static final JsonSerde<SettlementMessage> SETTLEMENTS = JsonSerde.of(SettlementMessage.class);
    private static final JsonSerde<DiscrepancyResolution> RESOLUTIONS = JsonSerde.of(DiscrepancyResolution.class);

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> payments;
    private TestInputTopic<String, byte[]> settlements;
    private TestInputTopic<String, byte[]> resolutions;
    private TestOutputTopic<String, Discrepancy> discrepancies;
    private TestOutputTopic<String, SettlementMatch> matches;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private Instant clock = SETTLED_AT;

    @BeforeEach
    void start() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        ReconciliationTopology.build(
                builder,
                Duration.ofDays(3),
                MAX_LINES,
                FEES,
                dev.payhook.reconciler.stream.BankSettings.NONE,
                dev.payhook.reconciler.journal.ChartOfAccounts.DEFAULT,
                ReconcilerMetrics.simple());
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "reconciliation-scenario-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(
                StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ttd").toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), config);
        payments = driver.createInputTopic(
                Topics.PAYMENTS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        settlements = driver.createInputTopic(
                Topics.SETTLEMENTS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        resolutions = driver.createInputTopic(
                Topics.DISCREPANCY_RESOLUTIONS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        discrepancies = driver.createOutputTopic(
                Topics.DISCREPANCIES, Serdes.String().deserializer(), JsonSerde.of(Discrepancy.class));
        matches = driver.createOutputTopic(
                Topics.MATCHES, Serdes.String().deserializer(), JsonSerde.of(SettlementMatch.class));
        deadLetters = driver.createOutputTopic(
                Topics.RECONCILER_DEAD_LETTER, Serdes.String().deserializer(), JsonSerde.of(DeadLetter.class));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"adyen", "stripe", "generic", "razorpay"})
    void reportsExactlyThePlantedDiscrepanciesWhateverTheArrivalOrder(String format) throws Exception {
        Map<String, Discrepancy> everyDiscrepancy = new java.util.HashMap<>();
        for (long seed = 1; seed <= 8; seed++) {
            SettlementScenario scenario =
                    SettlementScenario.generate(seed, SettlementScenario.plantsFor(format), 2, SETTLED_AT);
            Upload upload = upload(scenario, format, "stl_" + format + "_" + seed);

            feedInterleaved(snapshots(scenario), upload, new Random(seed));

            Map<String, Discrepancy> latest = latestById(discrepancies.readRecordsToList());
            everyDiscrepancy.putAll(latest);
            assertThat(runningCounts())
                    .as("running counts, %s seed %d", format, seed)
                    .isEqualTo(everyDiscrepancy.values().stream()
                            .collect(Collectors.groupingBy(
                                    d -> d.status() + " " + d.type() + " "
                                            + (d.isOpen() ? d.detectedAt().truncatedTo(ChronoUnit.HOURS) : null),
                                    Collectors.counting())));
            Map<String, String> open = latest.values().stream()
                    .filter(d -> d.isOpen() && d.paymentId() != null)
                    .collect(Collectors.toMap(
                            Discrepancy::paymentId, d -> d.type().name()));
            assertThat(open)
                    .as("open discrepancies, %s seed %d", format, seed)
                    .isEqualTo(scenario.expectedDiscrepancies());
            Map<String, Long> payouts = latest.values().stream()
                    .filter(d -> d.isOpen() && d.paymentId() == null)
                    .peek(d -> assertThat(d.type().name()).isEqualTo("PAYOUT_MISMATCH"))
                    .peek(d -> assertThat(d.batchId())
                            .isEqualTo(upload.report().batch().batchId()))
                    .collect(Collectors.toMap(Discrepancy::currency, Discrepancy::amount));
            assertThat(payouts).as("payouts not adding up").isEqualTo(scenario.expectedPayoutMismatches(format));
            // The matches topic is a log of "agreed when seen"; what agrees now is in the store.
            assertThat(matchedNow()).as("lines matched now").isEqualTo(scenario.expectedMatchedLines());
            assertThat(matches.readValuesToList().stream()
                            .map(SettlementMatch::reference)
                            .distinct()
                            .count())
                    .isGreaterThanOrEqualTo(scenario.expectedMatchedLines());
            linesSoFar += upload.lines().size();
            matchedSoFar += scenario.expectedMatchedLines();
            ReconciliationTotals totals = driver.<String, ReconciliationTotals>getKeyValueStore(
                            ReconciliationTopology.TOTALS_STORE)
                    .get("partition-0");
            assertThat(totals.lines()).as("running total of lines").isEqualTo(linesSoFar);
            assertThat(totals.matchedLines())
                    .as("running total of matched lines")
                    .isEqualTo(matchedSoFar);
            assertThat(totals.awaitingSettlement()).isEqualTo(seed * 2);
            assertThat(latest.values()).filteredOn(d -> !d.isOpen()).allSatisfy(d -> assertThat(d.resolution())
                    .isNotBlank());
        }
    }

    @Test
    void theIndexPagesThroughEveryDiscrepancyOnceInDetectionOrderEitherWay() throws Exception {
        SettlementScenario scenario = SettlementScenario.generate(12, 2, SETTLED_AT);
        feedInterleaved(snapshots(scenario), upload(scenario, "stripe", "stl_pages"), new Random(12));
        List<Discrepancy> open = latestById(discrepancies.readRecordsToList()).values().stream()
                .filter(Discrepancy::isOpen)
                .sorted(java.util.Comparator.comparing(Discrepancy::detectedAt)
                        .thenComparing(Discrepancy::discrepancyId))
                .toList();
        assertThat(open).hasSizeGreaterThan(10);

        assertThat(allPages(DiscrepancyStatus.OPEN, null, false)).isEqualTo(open);
        List<Discrepancy> newestFirst = new ArrayList<>(open);
        java.util.Collections.reverse(newestFirst);
        assertThat(allPages(DiscrepancyStatus.OPEN, null, true)).isEqualTo(newestFirst);
        assertThat(allPages(DiscrepancyStatus.OPEN, dev.payhook.common.DiscrepancyType.AMOUNT_MISMATCH, false))
                .isEqualTo(open.stream()
                        .filter(d -> d.type().name().equals("AMOUNT_MISMATCH"))
                        .toList())
                .hasSize(2);
        assertThat(allPages(DiscrepancyStatus.RESOLVED, null, false)).allMatch(d -> !d.isOpen());

        // Currency is read from the index entries; the detection window bounds the range read.
        List<Discrepancy> eur =
                open.stream().filter(d -> "EUR".equals(d.currency())).toList();
        assertThat(eur).isNotEmpty().hasSizeLessThan(open.size());
        assertThat(allPages(new DiscrepancyFilter(DiscrepancyStatus.OPEN, null, "EUR", null, null), true))
                .isEqualTo(newestFirst.stream()
                        .filter(d -> "EUR".equals(d.currency()))
                        .toList());
        Discrepancy middle = open.get(open.size() / 2);
        Instant from = middle.detectedAt();
        Instant until = open.get(open.size() - 1).detectedAt();
        List<Discrepancy> window = open.stream()
                .filter(d -> !d.detectedAt().isBefore(from) && d.detectedAt().isBefore(until))
                .toList();
        assertThat(window).isNotEmpty().hasSizeLessThan(open.size());
        assertThat(allPages(new DiscrepancyFilter(DiscrepancyStatus.OPEN, null, null, from, until), false))
                .isEqualTo(window);
    }

    /** The summary's running counts, by status, type and (open ones) hour of detection. */
    private Map<String, Long> runningCounts() {
        Map<String, Long> counts = new java.util.HashMap<>();
        DiscrepancyCounts.read(
                        driver.getKeyValueStore(ReconciliationTopology.DISCREPANCY_COUNTS_STORE), account -> true)
                .forEach((key, count) -> {
                    DiscrepancyCounts.Count c = DiscrepancyCounts.parse(key, count);
                    counts.merge(c.status() + " " + c.type() + " " + c.detectedHour(), c.count(), Long::sum);
                });
        return counts;
    }

    /** Every page of the index, three at a time, following each page's cursor. */
    private List<Discrepancy> allPages(
            DiscrepancyStatus status, dev.payhook.common.DiscrepancyType type, boolean newestFirst) {
        return allPages(new DiscrepancyFilter(status, type, null, null, null), newestFirst);
    }

    private List<Discrepancy> allPages(DiscrepancyFilter filter, boolean newestFirst) {
        List<Discrepancy> all = new ArrayList<>();
        String after = null;
        while (true) {
            List<Discrepancy> page = DiscrepancyIndex.page(
                    List.of(driver.<String, String>getKeyValueStore(ReconciliationTopology.DISCREPANCY_INDEX_STORE)),
                    driver.<String, Discrepancy>getKeyValueStore(ReconciliationTopology.DISCREPANCIES_STORE),
                    filter,
                    after,
                    newestFirst,
                    3);
            all.addAll(page);
            if (page.size() < 3) {
                return all;
            }
            after = DiscrepancyIndex.cursor(page.get(page.size() - 1));
        }
    }

    @Test
    void aLateWebhookResolvesTheUnknownSettlementItCaused() throws Exception {
        SettlementScenario scenario = SettlementScenario.generate(42, 1, SETTLED_AT);
        Upload upload = upload(scenario, "generic", "stl_late");
        SettlementScenario.PlannedPayment match = plant(scenario, SettlementScenario.Plant.MATCH);

        upload.lines().forEach(this::pipeLine);
        pipeBatch(upload);
        Discrepancy unknown = latestById(discrepancies.readRecordsToList()).values().stream()
                .filter(d -> match.paymentId().equals(d.paymentId()))
                .findFirst()
                .orElseThrow();
        assertThat(unknown.type().name()).isEqualTo("UNKNOWN_SETTLEMENT");

        snapshots(scenario).get(match.paymentId()).forEach(this::pipePayment);

        Discrepancy after = latestById(discrepancies.readRecordsToList()).get(unknown.discrepancyId());
        assertThat(after.status()).isEqualTo(DiscrepancyStatus.RESOLVED);
        assertThat(after.resolution()).contains("webhook");
        assertThat(DiscrepancyHistory.of(
                        driver.getKeyValueStore(ReconciliationTopology.DISCREPANCY_HISTORY_STORE),
                        unknown.discrepancyId()))
                .extracting(DiscrepancyHistory.Entry::change, DiscrepancyHistory.Entry::status, e -> e.resolution())
                .containsExactly(
                        tuple("opened", DiscrepancyStatus.OPEN, null),
                        tuple("resolved", DiscrepancyStatus.RESOLVED, after.resolution()));
        assertThat(matches.readValuesToList())
                .extracting(SettlementMatch::paymentId)
                .contains(match.paymentId());
    }

    @Test
    void aCapturedPaymentIsNotMissingUntilABatchCutOffPassesCapturePlusTheDelay() throws Exception {
        SettlementScenario scenario = SettlementScenario.generate(7, 1, SETTLED_AT);
        SettlementScenario.PlannedPayment awaiting = plant(scenario, SettlementScenario.Plant.AWAITING_SETTLEMENT);
        snapshots(scenario).get(awaiting.paymentId()).forEach(this::pipePayment);
        pipeBatch(upload(scenario, "generic", "stl_early"));
        assertThat(paymentDiscrepancies()).isEmpty();
        assertThat(dueIndex()).containsExactly(awaiting.paymentId());

        // A later report whose cut-off is five days on: the capture is now overdue.
        SettlementScenario later = SettlementScenario.generate(8, 1, SETTLED_AT.plus(Duration.ofDays(5)));
        Upload nextBatch = upload(later, "generic", "stl_later", SETTLED_AT.plus(Duration.ofDays(5)));
        pipeBatch(nextBatch);

        assertThat(paymentDiscrepancies()).singleElement().satisfies(d -> {
            assertThat(d.type().name()).isEqualTo("MISSING_SETTLEMENT");
            assertThat(d.paymentId()).isEqualTo(awaiting.paymentId());
        });
    }

    @Test
    void aLostDisputeWithoutAChargebackLineIsABreakOnlyOnceACutOffPassesItsDueTime() throws Exception {
        SettlementScenario scenario = SettlementScenario.generate(9, 1, SETTLED_AT);
        SettlementScenario.PlannedPayment lost = plant(scenario, SettlementScenario.Plant.MATCH_WITH_CHARGEBACK);
        snapshots(scenario).get(lost.paymentId()).forEach(this::pipePayment);
        Upload upload = upload(scenario, "generic", "stl_capture_only");
        // Its capture settles; its chargeback line never comes.
        upload.lines().stream()
                .filter(l -> l.paymentId().equals(lost.paymentId()) && l.kind() == SettlementKind.CAPTURE)
                .forEach(this::pipeLine);
        pipeBatch(upload);
        assertThat(paymentDiscrepancies()).isEmpty();

        pipeBatch(upload(
                SettlementScenario.generate(10, 1, SETTLED_AT.plus(Duration.ofDays(5))),
                "generic",
                "stl_later",
                SETTLED_AT.plus(Duration.ofDays(5))));

        assertThat(paymentDiscrepancies()).singleElement().satisfies(d -> {
            assertThat(d.type().name()).isEqualTo("CHARGEBACK_MISMATCH");
            assertThat(d.paymentId()).isEqualTo(lost.paymentId());
        });
        // Once due, it has left the index: a still later cut-off reassesses nothing and emits nothing.
        assertThat(dueIndex()).isEmpty();
        pipeBatch(upload(
                SettlementScenario.generate(11, 1, SETTLED_AT.plus(Duration.ofDays(9))),
                "generic",
                "stl_latest",
                SETTLED_AT.plus(Duration.ofDays(9))));
        assertThat(paymentDiscrepancies()).isEmpty();
    }

    /** Discrepancies emitted since last read, but those of whole batches: not what cut-offs are about. */
    private List<Discrepancy> paymentDiscrepancies() {
        return discrepancies.readValuesToList().stream()
                .filter(d -> d.paymentId() != null)
                .toList();
    }

    /** The payment ids in the due index, in due order. */
    private List<String> dueIndex() {
        List<String> ids = new ArrayList<>();
        try (var all = driver.<String, String>getKeyValueStore(ReconciliationTopology.DUE_STORE)
                .all()) {
            all.forEachRemaining(entry -> ids.add(entry.value));
        }
        return ids;
    }

    @Test
    void evidenceSeenAgainEmitsNothing() throws Exception {
        SettlementScenario scenario = SettlementScenario.generate(3, 1, SETTLED_AT);
        Upload upload = upload(scenario, "adyen", "stl_again");
        feedInterleaved(snapshots(scenario), upload, new Random(3));
        List<Discrepancy> first = discrepancies.readValuesToList();
        matches.readValuesToList();

        // The same report uploaded again, and every payment snapshot delivered again.
        upload.lines().forEach(this::pipeLine);
        pipeBatch(upload);
        snapshots(scenario).values().forEach(states -> states.forEach(this::pipePayment));

        assertThat(first).isNotEmpty();
        assertThat(discrepancies.readValuesToList()).isEmpty();
        assertThat(matches.readValuesToList()).isEmpty();
    }

    @Test
    void anOperatorResolutionClosesTheDiscrepancyAndSticks() throws Exception {
        SettlementScenario scenario = SettlementScenario.generate(5, 1, SETTLED_AT);
        Upload upload = upload(scenario, "stripe", "stl_operator");
        feedInterleaved(snapshots(scenario), upload, new Random(5));
        Discrepancy amount = latestById(discrepancies.readRecordsToList()).values().stream()
                .filter(d -> d.type().name().equals("AMOUNT_MISMATCH"))
                .findFirst()
                .orElseThrow();

        resolutions.pipeInput(
                amount.paymentId(),
                RESOLUTIONS.toBytes(new DiscrepancyResolution(
                        amount.discrepancyId(),
                        amount.paymentId(),
                        "written off: FX rounding at the acquirer",
                        "alice",
                        clock)),
                clock);
        snapshots(scenario).get(amount.paymentId()).forEach(this::pipePayment);

        Discrepancy resolved = latestById(discrepancies.readRecordsToList()).get(amount.discrepancyId());
        assertThat(resolved.status()).isEqualTo(DiscrepancyStatus.RESOLVED);
        assertThat(resolved.resolvedBy()).isEqualTo(Discrepancy.BY_OPERATOR);
        assertThat(resolved.resolution()).isEqualTo("written off: FX rounding at the acquirer");
        assertThat(resolved.operator()).isEqualTo("alice");
        assertThat(discrepancies.readValuesToList()).isEmpty();
    }

    @Test
    void aPayoutThatDoesNotAddUpIsOneBreakOfTheBatchThatAnOperatorCanResolve() throws Exception {
        SettlementScenario scenario = SettlementScenario.generate(6, 1, SETTLED_AT);
        Upload upload = upload(scenario, "adyen", "stl_payout");
        upload.lines().forEach(this::pipeLine);
        pipeBatch(upload);
        Discrepancy payout = latestById(discrepancies.readRecordsToList()).values().stream()
                .filter(d -> d.type().name().equals("PAYOUT_MISMATCH"))
                .collect(Collectors.collectingAndThen(Collectors.toList(), list -> {
                    assertThat(list).hasSize(1);
                    return list.get(0);
                }));
        assertThat(payout.paymentId()).isNull();
        assertThat(payout.batchId()).isEqualTo("stl_payout");
        assertThat(payout.currency()).isEqualTo(SettlementScenario.SHORT_PAID_CURRENCY);
        assertThat(payout.amount()).isEqualTo(SettlementScenario.PAYOUT_SHORTFALL);
        assertThat(payout.actual()).startsWith("the adyen report pays out");

        resolutions.pipeInput(
                "batch:stl_payout",
                RESOLUTIONS.toBytes(new DiscrepancyResolution(
                        payout.discrepancyId(), null, "short payout credited in the next batch", "bob", clock)),
                tick());
        pipeBatch(upload); // the same report again: the batch is not reassessed

        assertThat(discrepancies.readValuesToList()).singleElement().satisfies(resolved -> {
            assertThat(resolved.discrepancyId()).isEqualTo(payout.discrepancyId());
            assertThat(resolved.status()).isEqualTo(DiscrepancyStatus.RESOLVED);
            assertThat(resolved.resolvedBy()).isEqualTo(Discrepancy.BY_OPERATOR);
            assertThat(resolved.operator()).isEqualTo("bob");
            assertThat(resolved.detectedAt()).isEqualTo(payout.detectedAt());
        });
    }

    @Test
    void aPoisonedRecordOnEachInputIsDeadLetteredAndTheNextRecordIsApplied() {
        PaymentState captured = published(event(new PaymentFact(
                "evt_p1",
                "payment.captured",
                "pay_poison_1",
                "ord",
                1000L,
                "EUR",
                null,
                SETTLED_AT.minus(Duration.ofDays(10)))));
        payments.pipeInput("pay_poison_1", "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8), tick());
        settlements.pipeInput(
                "pay_poison_1",
                "{\"@type\":\"line\",\"paymentId\":null}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                tick());
        resolutions.pipeInput("pay_poison_1", "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8), tick());
        // The reconciler's thread-replacement loop: a state whose currency has no minor unit.
        payments.pipeInput("pay_poison_2", STATES.toBytes(withCurrency(captured, "pay_poison_2", "XAU")), tick());
        pipePayment(captured);
        pipeLine(line("pay_poison_1", "generic:good_1", 1200));

        assertThat(deadLetters.readValuesToList())
                .extracting(DeadLetter::topic)
                .containsExactly(Topics.PAYMENTS, Topics.SETTLEMENTS, Topics.DISCREPANCY_RESOLUTIONS, Topics.PAYMENTS);
        assertThat(latestById(discrepancies.readRecordsToList()).values())
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.paymentId()).isEqualTo("pay_poison_1");
                    assertThat(d.type().name()).isEqualTo("AMOUNT_MISMATCH");
                });
    }

    @Test
    void aSettlementLinePastThePaymentsLimitIsDeadLetteredAndTheRecordStaysBounded() {
        for (int i = 0; i < MAX_LINES + 3; i++) {
            pipeLine(line("pay_flood", "generic:flood_" + i, 100));
        }

        PaymentReconciliation held = driver.<String, PaymentReconciliation>getKeyValueStore(
                        ReconciliationTopology.PAYMENTS_STORE)
                .get("pay_flood");
        assertThat(held.lines()).hasSize(MAX_LINES);
        assertThat(held.discrepancies()).hasSize(MAX_LINES);
        assertThat(deadLetters.readValuesToList()).hasSize(3).allSatisfy(d -> assertThat(d.error())
                .contains("already has " + MAX_LINES + " settlement lines"));
    }

    @Test
    void aCaptureTheProviderReportedFailedIsAStatusMismatchNotAMissingSettlement() {
        PaymentEvent capture = event(new PaymentFact(
                "evt_c",
                "payment.captured",
                "pay_capfail",
                "ord",
                1000L,
                "EUR",
                null,
                SETTLED_AT.minus(Duration.ofDays(10))));
        PaymentState failed = published(
                capture,
                PaymentEvent.of("capfail", PaymentEventType.FAILED, "pay_capfail")
                        .from("adyen", "adyen", "CAPTURE_FAILED")
                        .money(1000L, "EUR")
                        .captureId("psp_cap_1")
                        .times(SETTLED_AT.minus(Duration.ofDays(9)), SETTLED_AT.minus(Duration.ofDays(9)))
                        .build());
        pipePayment(failed);
        settlements.pipeInput(
                "batch:cut",
                SETTLEMENTS.toBytes(
                        new SettlementBatch("stl_cut", "generic", SETTLED_AT, 0, null, null, null, SETTLED_AT)),
                tick());

        assertThat(latestById(discrepancies.readRecordsToList()).values())
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.type().name()).isEqualTo("STATUS_MISMATCH");
                    assertThat(d.actual()).contains("psp_cap_1").contains("failed");
                });
    }

    private static SettlementLine line(String paymentId, String reference, long amount) {
        return new SettlementLine(
                "stl_test",
                "generic",
                2,
                reference,
                paymentId,
                SettlementKind.CAPTURE,
                amount,
                "EUR",
                null,
                null,
                null,
                SETTLED_AT,
                null);
    }

    /** The state the processor publishes after these events. */
    private static PaymentState published(PaymentEvent... events) {
        PaymentFacts facts = null;
        for (PaymentEvent event : events) {
            facts = PaymentStateMachine.apply(facts, event);
        }
        return PaymentStateMachine.state(facts);
    }

    private static PaymentState withCurrency(PaymentState state, String paymentId, String currency) {
        String json = new String(STATES.toBytes(state), java.nio.charset.StandardCharsets.UTF_8)
                .replace(state.paymentId(), paymentId)
                .replace("\"EUR\"", "\"" + currency + "\"");
        return STATES.deserialize(Topics.PAYMENTS, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    record Upload(List<SettlementLine> lines, SettlementReports.Report report) {}

    static Upload upload(SettlementScenario scenario, String format, String batchId) throws Exception {
        return upload(scenario, format, batchId, SETTLED_AT);
    }

    /** @param uploadedAt when the report is uploaded: its lines may not be dated more than a day after */
    static Upload upload(SettlementScenario scenario, String format, String batchId, Instant uploadedAt)
            throws Exception {
        List<SettlementLine> lines = new ArrayList<>();
        SettlementReports.Report report = SettlementReports.read(
                format, new StringReader(scenario.report(format)), batchId, uploadedAt, lines::add);
        assertThat(report.rejected()).isEmpty();
        return new Upload(lines, report);
    }

    /** Every payment's snapshots as the processor emits them: one per webhook, in webhook order. */
    static Map<String, List<PaymentState>> snapshots(SettlementScenario scenario) {
        Map<String, List<PaymentState>> snapshots = new LinkedHashMap<>();
        for (SettlementScenario.PlannedPayment payment : scenario.payments()) {
            PaymentFacts facts = null;
            List<PaymentState> sequence = new ArrayList<>();
            for (PaymentFact fact : payment.webhooks()) {
                facts = PaymentStateMachine.apply(facts, event(fact));
                sequence.add(PaymentStateMachine.state(facts));
            }
            if (!sequence.isEmpty()) {
                snapshots.put(payment.paymentId(), sequence);
            }
        }
        return snapshots;
    }

    static PaymentEvent event(PaymentFact fact) {
        PaymentEventType type = PaymentEventType.fromWireName(fact.type()).orElseThrow();
        return PaymentEvent.of(fact.eventId(), type, fact.paymentId())
                .from("standard", "standard-webhooks", fact.type())
                .orderId(fact.orderId())
                .money(fact.amount(), fact.currency())
                .refundId(type == PaymentEventType.REFUNDED ? fact.modificationId() : null)
                .disputeId(type.isDispute() ? "dp_" + fact.paymentId() : null)
                .captureId(type == PaymentEventType.CAPTURED ? fact.modificationId() : null)
                .times(fact.occurredAt(), fact.occurredAt())
                .build();
    }

    /**
     * A random merge of the two streams: each payment's snapshots in order, the report's lines in
     * file order, the batch marker after the last line (as the ingress writes it), and payments
     * free to arrive before, between or after all of them.
     */
    private void feedInterleaved(Map<String, List<PaymentState>> snapshots, Upload upload, Random random) {
        interleave(snapshots, upload, random, this::pipePayment, this::pipeLine, () -> pipeBatch(upload));
    }

    /**
     * A random merge of the two streams: each payment's snapshots in order, the report's lines in
     * file order, the batch marker after the last line (as the ingress writes it), and payments
     * free to arrive before, between or after all of them.
     */
    static void interleave(
            Map<String, List<PaymentState>> snapshots,
            Upload upload,
            Random random,
            java.util.function.Consumer<PaymentState> payment,
            java.util.function.Consumer<SettlementLine> line,
            Runnable batch) {
        List<Deque<Object>> queues = new ArrayList<>();
        snapshots.values().forEach(states -> queues.add(new java.util.ArrayDeque<>(states)));
        Deque<Object> report = new java.util.ArrayDeque<>(upload.lines());
        report.add(upload.report().batch());
        queues.add(report);
        while (!queues.isEmpty()) {
            int pick = random.nextInt(queues.size());
            Object next = queues.get(pick).poll();
            if (queues.get(pick).isEmpty()) {
                queues.remove(pick);
            }
            if (next instanceof PaymentState state) {
                payment.accept(state);
            } else if (next instanceof SettlementLine settlementLine) {
                line.accept(settlementLine);
            } else {
                batch.run();
            }
        }
    }

    private void pipePayment(PaymentState state) {
        payments.pipeInput(state.paymentId(), STATES.toBytes(state), tick());
    }

    private void pipeLine(SettlementLine line) {
        settlements.pipeInput(line.paymentId(), SETTLEMENTS.toBytes(line), tick());
    }

    private void pipeBatch(Upload upload) {
        settlements.pipeInput(
                "batch:" + upload.report().batch().batchId(),
                SETTLEMENTS.toBytes(upload.report().batch()),
                tick());
    }

    private Instant tick() {
        clock = clock.plusMillis(10);
        return clock;
    }

    /** Lines matched now, summed over the store, from one scenario only: each scenario's payment ids are new. */
    private long matchedNow() {
        long matched = 0;
        try (var all = driver.<String, PaymentReconciliation>getKeyValueStore(ReconciliationTopology.PAYMENTS_STORE)
                .all()) {
            while (all.hasNext()) {
                matched += all.next().value.matched().size();
            }
        }
        long counted = matched - matchedBefore;
        matchedBefore = matched;
        return counted;
    }

    private long matchedBefore;
    private long linesSoFar;
    private long matchedSoFar;

    private static SettlementScenario.PlannedPayment plant(
            SettlementScenario scenario, SettlementScenario.Plant plant) {
        return scenario.payments().stream()
                .filter(p -> p.plant() == plant)
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, Discrepancy> latestById(List<TestRecord<String, Discrepancy>> records) {
        Map<String, Discrepancy> latest = new LinkedHashMap<>();
        records.forEach(r -> latest.put(r.key(), r.value()));
        return latest;
    }
}
