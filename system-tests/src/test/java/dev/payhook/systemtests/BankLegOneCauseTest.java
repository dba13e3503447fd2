package dev.payhook.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.BankLine;
import dev.payhook.common.BankStatementMessage;
import dev.payhook.common.Discrepancy;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementMessage;
import dev.payhook.common.Topics;
import dev.payhook.provider.bank.BankStatementFormat;
import dev.payhook.provider.bank.ParsedStatement;
import dev.payhook.provider.publish.BankStatementIntake;
import dev.payhook.reconciler.matching.BankAccount;
import dev.payhook.reconciler.matching.ExpectedPayout;
import dev.payhook.reconciler.matching.FeeSchedule;
import dev.payhook.reconciler.matching.PayoutMatching;
import dev.payhook.reconciler.stream.BankSettings;
import dev.payhook.reconciler.stream.ReconcilerMetrics;
import dev.payhook.reconciler.stream.ReconciliationTopology;
import dev.payhook.testkit.BankStatementScenario;
import dev.payhook.testkit.BankStatementScenario.Outcome;
import dev.payhook.testkit.SettlementScenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * One cause, one discrepancy on the bank leg: for a provider's settlement report (its payouts, as the real
 * parser reads them) and a bank statement in any format payhook reads, planted with payouts that arrive,
 * arrive short or never arrive and a provider's credit that pays no payout, the open bank discrepancies
 * are exactly the plants, one for one; and the same statement delivered again changes nothing.
 */
class BankLegOneCauseTest {

    private static final Instant SETTLED_AT = Instant.parse("2026-11-20T10:00:00Z");
    private static final int WINDOW = 5;
    private static final JsonSerde<SettlementMessage> SETTLEMENTS = JsonSerde.of(SettlementMessage.class);
    private static final JsonSerde<BankStatementMessage> STATEMENTS = JsonSerde.of(BankStatementMessage.class);

    @Provide
    Arbitrary<Set<Outcome>> outcomes() {
        return Arbitraries.subsetOf(Outcome.values()).ofMinSize(1);
    }

    @Provide
    Arbitrary<String> reportFormats() {
        return Arbitraries.of("adyen", "stripe", "generic");
    }

    @Provide
    Arbitrary<String> statementFormats() {
        return Arbitraries.of("camt053", "mt940", "bai2");
    }

    @Property(tries = 60)
    void theBankDiscrepanciesFoundAreThePlantsOneForOne(
            @ForAll("outcomes") Set<Outcome> outcomes,
            @ForAll("reportFormats") String reportFormat,
            @ForAll("statementFormats") String statementFormat,
            @ForAll boolean unexpectedCredit,
            @ForAll long seed)
            throws Exception {
        SettlementScenario settlement =
                SettlementScenario.generate(seed, SettlementScenario.plantsFor(reportFormat), 1, SETTLED_AT);
        SettlementBatch batch = ReconciliationScenarioTest.upload(settlement, reportFormat, "stl_bank_" + reportFormat)
                .report()
                .batch();
        List<BankStatementScenario.Payout> payouts = new ArrayList<>();
        // The payouts as the reconciler expects them: one per transfer that pays money out.
        for (ExpectedPayout p : ExpectedPayout.of(batch, List.of())) {
            payouts.add(new BankStatementScenario.Payout(
                    p.payoutId(),
                    reportFormat,
                    p.amount(),
                    p.currency(),
                    p.paidOn(),
                    p.bankReferences().isEmpty() ? null : p.reference()));
        }
        BankStatementScenario bank = BankStatementScenario.plan(
                seed, payouts, outcomes, unexpectedCredit, reportFormat.equals("stripe") ? "adyen" : "stripe", WINDOW);
        BankStatementFormat format = BankStatementFormat.named(statementFormat).orElseThrow();
        ParsedStatement statement = format.parse(bank.statement(statementFormat).getBytes(StandardCharsets.UTF_8));
        assertThat(statement.rejected()).isEmpty();

        List<BankAccount> accounts = payouts.stream()
                .map(p -> new BankAccount(
                        BankStatementScenario.ACCOUNTS.get(p.currency()),
                        p.currency(),
                        List.of(reportFormat),
                        BankAccount.Netting.PER_PAYOUT,
                        null))
                .toList();
        StreamsBuilder builder = new StreamsBuilder();
        ReconciliationTopology.build(
                builder,
                Duration.ofDays(3),
                10,
                FeeSchedule.NONE,
                new BankSettings(
                        accounts,
                        new PayoutMatching.Settings(
                                WINDOW, BankSettings.NONE.matching().providerNames())),
                dev.payhook.reconciler.journal.ChartOfAccounts.DEFAULT,
                ReconcilerMetrics.simple());
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "bank-leg-one-cause");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(
                StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ttd").toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            TestInputTopic<String, byte[]> settlements = driver.createInputTopic(
                    Topics.SETTLEMENTS,
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            TestInputTopic<String, byte[]> statements = driver.createInputTopic(
                    Topics.BANK_STATEMENTS,
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            var discrepancies = driver.createOutputTopic(
                    Topics.DISCREPANCIES, Serdes.String().deserializer(), JsonSerde.of(Discrepancy.class));
            Instant at = SETTLED_AT.plus(Duration.ofDays(20));
            settlements.pipeInput("batch:" + batch.batchId(), SETTLEMENTS.toBytes(batch), at);
            deliver(statements, statement, format, at.plusSeconds(1));

            Map<String, Discrepancy> latest = new LinkedHashMap<>();
            discrepancies.readRecordsToList().forEach(r -> latest.put(r.key(), r.value()));
            assertThat(openBankBreaks(latest)).isEqualTo(bank.expectedDiscrepancies());

            deliver(statements, statement, format, at.plusSeconds(2));
            assertThat(discrepancies.readRecordsToList()).isEmpty();
        }
    }

    private static void deliver(
            TestInputTopic<String, byte[]> statements,
            ParsedStatement statement,
            BankStatementFormat format,
            Instant at) {
        for (BankLine line : statement.lines()) {
            statements.pipeInput(line.account(), STATEMENTS.toBytes(line), at);
        }
        statements.pipeInput(
                "statement:" + statement.statementId(),
                STATEMENTS.toBytes(BankStatementIntake.marker(statement, format, "test", at)),
                at);
    }

    /** Open bank discrepancies by what they are about: the payout, or the stray credit's bank reference. */
    private static Map<String, String> openBankBreaks(Map<String, Discrepancy> latest) {
        return latest.values().stream()
                .filter(d -> d.isOpen() && d.type().isBankLeg())
                .collect(Collectors.toMap(Discrepancy::reference, d -> d.type().name()));
    }
}
