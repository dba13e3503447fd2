package dev.payhook.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentState;
import dev.payhook.common.SettlementBatch;
import dev.payhook.common.SettlementMessage;
import dev.payhook.common.Topics;
import dev.payhook.reconciler.stream.ReconcilerMetrics;
import dev.payhook.reconciler.stream.ReconciliationTopology;
import dev.payhook.testkit.SettlementScenario;
import dev.payhook.testkit.SettlementScenario.Plant;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
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
 * One cause, one discrepancy (docs/DESIGN.md): for any set of planted faults, in any report format
 * and any interleaving of payments and report lines, the open discrepancies are exactly the plants,
 * one for one; and still exactly those (with the captures that were only awaiting settlement now
 * missing it) after a later batch's cut-off has passed every capture plus the settlement delay.
 */
class OneCauseOneDiscrepancyTest {

    private static final Instant SETTLED_AT = Instant.parse("2026-11-20T10:00:00Z");
    private static final JsonSerde<PaymentState> STATES = JsonSerde.of(PaymentState.class);
    private static final JsonSerde<SettlementMessage> SETTLEMENTS = JsonSerde.of(SettlementMessage.class);

    @Provide
    Arbitrary<Set<Plant>> plants() {
        return Arbitraries.subsetOf(Plant.values()).ofMinSize(1);
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of("adyen", "stripe", "generic", "razorpay");
    }

    @Property(tries = 60)
    void theDiscrepanciesFoundAreThePlantsOneForOne(
            @ForAll("plants") Set<Plant> plants, @ForAll("formats") String format, @ForAll long seed) throws Exception {
        List<Plant> expressible = plants.stream()
                .filter(SettlementScenario.plantsFor(format)::contains)
                .sorted()
                .toList();
        SettlementScenario scenario =
                SettlementScenario.generate(seed, expressible, 1 + (int) Math.floorMod(seed, 2), SETTLED_AT);
        ReconciliationScenarioTest.Upload upload =
                ReconciliationScenarioTest.upload(scenario, format, "stl_property_" + format);
        StreamsBuilder builder = new StreamsBuilder();
        ReconciliationTopology.build(
                builder,
                Duration.ofDays(3),
                10,
                ReconciliationScenarioTest.FEES,
                dev.payhook.reconciler.stream.BankSettings.NONE,
                dev.payhook.reconciler.journal.ChartOfAccounts.DEFAULT,
                ReconcilerMetrics.simple());
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "one-cause-one-discrepancy");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(
                StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ttd").toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            TestInputTopic<String, byte[]> payments = driver.createInputTopic(
                    Topics.PAYMENTS,
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            TestInputTopic<String, byte[]> settlements = driver.createInputTopic(
                    Topics.SETTLEMENTS,
                    Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            var discrepancies = driver.createOutputTopic(
                    Topics.DISCREPANCIES, Serdes.String().deserializer(), JsonSerde.of(Discrepancy.class));
            Instant[] clock = {SETTLED_AT};
            ReconciliationScenarioTest.interleave(
                    ReconciliationScenarioTest.snapshots(scenario),
                    upload,
                    new Random(seed),
                    state -> payments.pipeInput(
                            state.paymentId(), STATES.toBytes(state), clock[0] = clock[0].plusMillis(10)),
                    line -> settlements.pipeInput(
                            line.paymentId(), SETTLEMENTS.toBytes(line), clock[0] = clock[0].plusMillis(10)),
                    () -> settlements.pipeInput(
                            "batch:" + upload.report().batch().batchId(),
                            SETTLEMENTS.toBytes(upload.report().batch()),
                            clock[0] = clock[0].plusMillis(10)));
            Map<String, Discrepancy> latest = new LinkedHashMap<>();
            discrepancies.readRecordsToList().forEach(r -> latest.put(r.key(), r.value()));
            assertThat(openByPayment(latest)).isEqualTo(scenario.expectedDiscrepancies());

            // A later batch, whose cut-off passes every capture plus the settlement delay.
            Instant later = SETTLED_AT.plus(Duration.ofDays(5));
            settlements.pipeInput(
                    "batch:stl_later",
                    SETTLEMENTS.toBytes(new SettlementBatch("stl_later", "generic", later, 0, null, null, null, later)),
                    clock[0] = clock[0].plusMillis(10));
            discrepancies.readRecordsToList().forEach(r -> latest.put(r.key(), r.value()));
            assertThat(openByPayment(latest)).isEqualTo(scenario.expectedDiscrepanciesOnceDue());
        }
    }

    /** Open discrepancies of payments by payment; a second one for a payment would collide and fail. */
    private static Map<String, String> openByPayment(Map<String, Discrepancy> latest) {
        return latest.values().stream()
                .filter(d -> d.isOpen() && d.paymentId() != null)
                .collect(Collectors.toMap(Discrepancy::paymentId, d -> d.type().name()));
    }
}
