package dev.payhook.reconciler.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PeriodClose;
import dev.payhook.common.PeriodStatement;
import dev.payhook.common.SettlementKind;
import dev.payhook.common.SettlementLine;
import dev.payhook.common.SettlementMessage;
import dev.payhook.common.Topics;
import dev.payhook.reconciler.journal.ChartOfAccounts;
import dev.payhook.reconciler.journal.JournalChain;
import dev.payhook.reconciler.matching.FeeSchedule;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * For any lines of a month, some arriving before its close and some after: the closed month's statement
 * counts exactly those before, is never stated again, and the next month's statement carries those after
 * as one adjustment naming the closed month; the statements' chain verifies.
 */
class PeriodClosePropertiesTest {

    private static final JsonSerde<SettlementMessage> SETTLEMENTS = JsonSerde.of(SettlementMessage.class);
    private static final JsonSerde<PeriodClose> CLOSES = JsonSerde.of(PeriodClose.class);

    record Late(long amount, int day, boolean afterClose) {}

    @Provide
    Arbitrary<List<Late>> lines() {
        return Combinators.combine(
                        Arbitraries.longs().between(1, 1_000_000),
                        Arbitraries.integers().between(1, 30),
                        Arbitraries.of(true, false))
                .as(Late::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(12);
    }

    @Property(tries = 25)
    void aClosedMonthNeverChangesAndLateLinesAreTheNextMonthsAdjustment(@ForAll("lines") List<Late> lines)
            throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        ReconciliationTopology.build(
                builder,
                Duration.ofDays(3),
                100,
                FeeSchedule.NONE,
                BankSettings.NONE,
                ChartOfAccounts.DEFAULT,
                ReconcilerMetrics.simple());
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "period-close-properties");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(
                StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ttd").toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            TestInputTopic<String, byte[]> settlements = driver.createInputTopic(
                    Topics.SETTLEMENTS,
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            TestInputTopic<String, byte[]> commands = driver.createInputTopic(
                    Topics.DISCREPANCY_RESOLUTIONS,
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            TestOutputTopic<String, PeriodStatement> closes = driver.createOutputTopic(
                    Topics.PERIOD_CLOSES, Serdes.String().deserializer(), JsonSerde.of(PeriodStatement.class));
            long before = 0;
            long after = 0;
            long afterCount = 0;
            int n = 0;
            List<Late> late = new ArrayList<>();
            for (Late line : lines) {
                if (line.afterClose()) {
                    late.add(line);
                } else {
                    settle(settlements, ++n, line);
                    before += line.amount();
                }
            }
            commands.pipeInput(
                    "close:2026-11",
                    CLOSES.toBytes(
                            new PeriodClose("2026-11", "finance", Instant.parse("2026-12-01T09:00:00Z"), 1, null)));
            List<PeriodStatement> november = closes.readValuesToList();
            for (Late line : late) {
                settle(settlements, ++n, line);
                after += line.amount();
                afterCount++;
            }
            commands.pipeInput(
                    "close:2026-11",
                    CLOSES.toBytes(
                            new PeriodClose("2026-11", "finance", Instant.parse("2026-12-02T09:00:00Z"), 1, null)));
            assertThat(closes.isEmpty()).as("a closed month is stated once").isTrue();
            commands.pipeInput(
                    "close:2026-12",
                    CLOSES.toBytes(
                            new PeriodClose("2026-12", "finance", Instant.parse("2027-01-01T09:00:00Z"), 1, null)));
            List<PeriodStatement> december = closes.readValuesToList();

            assertThat(november.stream().mapToLong(s -> s.totals().captured()).sum())
                    .isEqualTo(before);
            assertThat(december.stream().mapToLong(s -> s.totals().captured()).sum())
                    .isZero();
            List<PeriodStatement.Adjustment> adjustments =
                    december.stream().flatMap(s -> s.adjustments().stream()).toList();
            long lateAmount = after;
            long lateCount = afterCount;
            if (lateCount == 0) {
                assertThat(adjustments).isEmpty();
            } else {
                assertThat(adjustments).singleElement().satisfies(a -> {
                    assertThat(a.adjustsPeriod()).isEqualTo("2026-11");
                    assertThat(a.totals().captured()).isEqualTo(lateAmount);
                    assertThat(a.totals().lines()).isEqualTo(lateCount);
                });
            }
            List<PeriodStatement> all = new ArrayList<>(november);
            all.addAll(december);
            assertThat(JournalChain.verifyStatements(all)).isNull();
        }
    }

    private static void settle(TestInputTopic<String, byte[]> settlements, int n, Late line) {
        Instant at = Instant.parse("2026-11-01T10:00:00Z").plus(Duration.ofDays(line.day() - 1));
        settlements.pipeInput(
                "pay_p" + n,
                SETTLEMENTS.toBytes(new SettlementLine(
                        "stl_p",
                        "generic",
                        n,
                        "generic:p" + n,
                        "pay_p" + n,
                        SettlementKind.CAPTURE,
                        line.amount(),
                        "EUR",
                        null,
                        null,
                        null,
                        at,
                        null)));
    }
}
