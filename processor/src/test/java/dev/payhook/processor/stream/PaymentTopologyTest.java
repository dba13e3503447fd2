package dev.payhook.processor.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payhook.common.DeadLetter;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentStatus;
import dev.payhook.common.PaymentTransition;
import dev.payhook.common.Topics;
import dev.payhook.processor.state.PaymentFacts;
import dev.payhook.processor.state.PaymentLimits;
import dev.payhook.processor.state.StoredPayment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaymentTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final PaymentLimits LIMITS = new PaymentLimits(5, 2, 1, 2);

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> webhooks;
    private TestOutputTopic<String, PaymentState> payments;
    private TestOutputTopic<String, PaymentTransition> transitions;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        PaymentTopology.build(builder, LIMITS, new ProcessorMetrics(meters));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "payment-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(
                StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ttd").toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), config);
        webhooks = driver.createInputTopic(
                Topics.WEBHOOKS,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        payments = driver.createOutputTopic(
                Topics.PAYMENTS, Serdes.String().deserializer(), JsonSerde.of(PaymentState.class));
        transitions = driver.createOutputTopic(
                Topics.PAYMENT_TRANSITIONS, Serdes.String().deserializer(), JsonSerde.of(PaymentTransition.class));
        deadLetters = driver.createOutputTopic(
                Topics.WEBHOOKS_DEAD_LETTER, Serdes.String().deserializer(), JsonSerde.of(DeadLetter.class));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static PaymentEvent event(
            String id, String paymentId, PaymentEventType type, long amount, String refundId) {
        return PaymentEvent.of(id, type, paymentId)
                .from("adyen", "adyen", type.name())
                .orderId("ord")
                .money(amount, "EUR")
                .refundId(refundId)
                .times(T0, T0)
                .build();
    }

    private void deliver(PaymentEvent event, Instant at) {
        webhooks.pipeInput(event.paymentId(), JsonSerde.of(PaymentEvent.class).toBytes(event), at);
    }

    @Test
    void eachChangeEmitsASnapshotAndEachStatusChangeOneTransition() {
        deliver(event("e1", "pay_1", PaymentEventType.AUTHORIZED, 1000, null), T0);
        deliver(event("e2", "pay_1", PaymentEventType.CAPTURED, 1000, null), T0.plusSeconds(1));
        deliver(event("e3", "pay_1", PaymentEventType.REFUNDED, 100, "re_1"), T0.plusSeconds(2));
        deliver(event("e4", "pay_1", PaymentEventType.REFUNDED, 100, "re_2"), T0.plusSeconds(3));

        assertThat(payments.readValuesToList())
                .extracting(PaymentState::status)
                .containsExactly(
                        PaymentStatus.AUTHORIZED,
                        PaymentStatus.CAPTURED,
                        PaymentStatus.PARTIALLY_REFUNDED,
                        PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(transitions.readKeyValuesToList())
                .extracting(kv -> kv.key + ":" + kv.value.from() + "->" + kv.value.to() + "@" + kv.value.eventId())
                .containsExactly(
                        "pay_1:null->AUTHORIZED@e1",
                        "pay_1:AUTHORIZED->CAPTURED@e2",
                        "pay_1:CAPTURED->PARTIALLY_REFUNDED@e3");
    }

    @Test
    void aWaitingPaymentIsIndexedByStatusAndLastEventTimeUntilItsOutcome() {
        var open = driver.<String, String>getKeyValueStore(PaymentTopology.OPEN_PAYMENTS_STORE);
        deliver(event("e1", "pay_w", PaymentEventType.AUTHORIZED, 1000, null), T0);
        // The text String.format("%s|%019d|%s") wrote: indexes written by earlier builds still match.
        assertThat(entries(open)).containsExactly("AUTHORIZED|0000001795168800000|pay_w=pay_w");

        deliver(event("e2", "pay_w", PaymentEventType.CAPTURED, 1000, null), T0.plusSeconds(1));
        assertThat(entries(open)).isEmpty();
    }

    private static List<String> entries(KeyValueStore<String, String> store) {
        List<String> entries = new ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(e -> entries.add(e.key + "=" + e.value));
        }
        return entries;
    }

    @Test
    void aDeliverySeenBeforeChangesNothingAndEmitsNothing() {
        PaymentEvent capture = event("e1", "pay_2", PaymentEventType.CAPTURED, 500, null);
        deliver(capture, T0);
        deliver(capture, T0.plusSeconds(60));
        deliver(capture, T0.plusSeconds(120));

        assertThat(payments.readValuesToList()).hasSize(1);
        assertThat(transitions.readValuesToList()).hasSize(1);
        assertThat(meters.counter("payhook.processor.events.duplicates").count())
                .isEqualTo(2);
        assertThat(driver.getKeyValueStore(PaymentTopology.PAYMENTS_STORE).get("pay_2"))
                .isNotNull();
    }

    @Test
    void theTimelineListsEveryEventInTheOrderTakenAppliedOrDroppedWithTheStatusItLeft() {
        PaymentEvent capture = event("e1", "pay_t", PaymentEventType.CAPTURED, 500, null);
        deliver(capture, T0);
        deliver(event("e2", "pay_t", PaymentEventType.AUTHORIZED, 500, null), T0.plusSeconds(1));
        deliver(capture, T0.plusSeconds(2));
        deliver(
                event("e3", "pay_t", PaymentEventType.REFUNDED, 500, "re_1").deliveredBy(PaymentEvent.POLL),
                T0.plusSeconds(3));

        assertThat(timeline("pay_t"))
                .extracting(e -> e.sequence() + " " + e.eventId() + " " + e.type() + " " + e.delivery() + " "
                        + e.outcome() + " " + e.statusAfter())
                .containsExactly(
                        "0 e1 payment.captured push applied CAPTURED",
                        "1 e2 payment.authorized push applied CAPTURED",
                        "2 e1 payment.captured push duplicate CAPTURED",
                        "3 e3 payment.refunded poll applied REFUNDED");
        assertThat(timeline("pay_other")).isEmpty();
    }

    @Test
    void aPaymentIdThatLooksLikeAnotherPaymentsTimelineKeyStaysInItsOwnTimeline() {
        // Ids are any text: "pay_v|000000" must neither show in pay_v's timeline nor number its entries.
        deliver(event("h1", "pay_v|000000", PaymentEventType.CAPTURED, 500, null), T0);
        deliver(event("h2", "pay_v|000000", PaymentEventType.REFUNDED, 500, "re_h"), T0.plusSeconds(1));
        deliver(event("v1", "pay_v", PaymentEventType.CAPTURED, 500, null), T0.plusSeconds(2));

        assertThat(timeline("pay_v"))
                .extracting(e -> e.sequence() + " " + e.eventId())
                .containsExactly("0 v1");
        assertThat(timeline("pay_v|000000"))
                .extracting(e -> e.sequence() + " " + e.eventId())
                .containsExactly("0 h1", "1 h2");
    }

    @Test
    void aRedeliveryMonthsLaterChangesNothingBecauseTheFactsListTheEvent() {
        deliver(event("old", "pay_3", PaymentEventType.CAPTURED, 500, null), T0);
        deliver(event("new", "pay_4", PaymentEventType.CAPTURED, 500, null), T0.plus(Duration.ofDays(90)));
        payments.readValuesToList();

        deliver(event("old", "pay_3", PaymentEventType.CAPTURED, 500, null), T0.plus(Duration.ofDays(90)));

        assertThat(payments.isEmpty()).isTrue();
        assertThat(transitions.readValuesToList()).hasSize(2);
        assertThat(meters.counter("payhook.processor.events.duplicates").count())
                .isEqualTo(1);
    }

    /**
     * What each event costs the broker beyond its outputs: one changelog record per store write. An
     * event that opens a payment writes its record (facts and timeline head) and its place among the open
     * payments; one that closes it, its record and that place's removal; a duplicate, its record only. The
     * timeline's store takes a record only when a head is full and becomes a page: every 16th entry.
     */
    @Test
    void eachEventWritesOneRecordPerStoreItChanges() {
        deliver(event("a1", "pay_w", PaymentEventType.AUTHORIZED, 500, null), T0);
        assertThat(changelogRecords()).containsExactly("payhook-open-payments", "payhook-payments");

        deliver(event("c1", "pay_w", PaymentEventType.CAPTURED, 500, null), T0.plusSeconds(1));
        assertThat(changelogRecords()).containsExactly("payhook-open-payments", "payhook-payments");

        deliver(event("c1", "pay_w", PaymentEventType.CAPTURED, 500, null), T0.plusSeconds(2));
        assertThat(changelogRecords()).containsExactly("payhook-payments");

        for (int i = 3; i < 16; i++) {
            deliver(event("c1", "pay_w", PaymentEventType.CAPTURED, 500, null), T0.plusSeconds(i));
        }
        changelogRecords();
        deliver(event("c1", "pay_w", PaymentEventType.CAPTURED, 500, null), T0.plusSeconds(16));
        assertThat(changelogRecords()).containsExactly("payhook-payment-timeline", "payhook-payments");
        assertThat(timeline("pay_w"))
                .extracting(PaymentTimeline.Entry::sequence)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.range(0, 17).boxed().toList());
    }

    /**
     * A payment stored by a build that kept its timeline's head in the timeline store (its record holds
     * its facts only): its next event continues that timeline, and the head moves into its record.
     */
    @Test
    void aTimelineWhoseHeadIsInTheTimelineStoreIsContinuedAndItsHeadMovesToThePayment() {
        deliver(event("a1", "pay_l", PaymentEventType.AUTHORIZED, 500, null), T0);
        KeyValueStore<String, StoredPayment> stored = driver.getKeyValueStore(PaymentTopology.PAYMENTS_STORE);
        KeyValueStore<String, String> timelines = driver.getKeyValueStore(PaymentTopology.TIMELINE_STORE);
        StoredPayment now = stored.get("pay_l");
        // As the build before wrote it: the head under "<length>:<id>|head", the record the facts alone.
        timelines.put("5:pay_l|head", now.timelineHead());
        stored.put("pay_l", new StoredPayment(now.facts(), null));

        deliver(event("c1", "pay_l", PaymentEventType.CAPTURED, 500, null), T0.plusSeconds(1));
        deliver(event("a1", "pay_l", PaymentEventType.AUTHORIZED, 500, null), T0.plusSeconds(2));

        assertThat(timelines.get("5:pay_l|head")).isNull();
        assertThat(stored.get("pay_l").timelineHead()).isNotNull();
        assertThat(timeline("pay_l"))
                .extracting(e -> e.sequence() + " " + e.eventId() + " " + e.outcome() + " " + e.statusAfter())
                .containsExactly("0 a1 applied AUTHORIZED", "1 c1 applied CAPTURED", "2 a1 duplicate CAPTURED");
    }

    private List<PaymentTimeline.Entry> timeline(String paymentId) {
        return PaymentTimeline.of(
                driver.getKeyValueStore(PaymentTopology.TIMELINE_STORE),
                driver.getKeyValueStore(PaymentTopology.PAYMENTS_STORE),
                paymentId);
    }

    /** The stores whose changelogs received records since the last call, one entry per record, sorted. */
    private java.util.List<String> changelogRecords() {
        String prefix = "payment-topology-test-";
        java.util.List<String> stores = new java.util.ArrayList<>();
        for (String topic : driver.producedTopicNames()) {
            if (topic.startsWith(prefix) && topic.endsWith("-changelog")) {
                int records = driver.createOutputTopic(
                                topic,
                                Serdes.String().deserializer(),
                                Serdes.ByteArray().deserializer())
                        .readRecordsToList()
                        .size();
                for (int i = 0; i < records; i++) {
                    stores.add(topic.substring(prefix.length(), topic.length() - "-changelog".length()));
                }
            }
        }
        java.util.Collections.sort(stores);
        return stores;
    }

    @Test
    void poisonRecordsAreDeadLetteredWithTheErrorAndTheStreamKeepsRunning() {
        webhooks.pipeInput("pay_5", "not json".getBytes(StandardCharsets.UTF_8), T0);
        webhooks.pipeInput(
                "pay_5",
                "{\"eventId\":\"x\",\"type\":\"payment.teleported\",\"paymentId\":\"pay_5\"}"
                        .getBytes(StandardCharsets.UTF_8),
                T0);
        deliver(event("e1", "pay_5", PaymentEventType.CAPTURED, 700, null), T0.plusSeconds(1));

        var dead = deadLetters.readValuesToList();
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).topic()).isEqualTo(Topics.WEBHOOKS);
        assertThat(dead.get(0).offset()).isEqualTo(0);
        assertThat(dead.get(0).value()).isEqualTo("not json");
        assertThat(dead.get(1).error()).contains("PaymentEvent");
        assertThat(payments.readValuesToList())
                .singleElement()
                .extracting(PaymentState::status)
                .isEqualTo(PaymentStatus.CAPTURED);
    }

    @Test
    void anEventPastThePaymentsLimitIsDeadLetteredShownAsAnAnomalyAndNotRememberedAsSeen() {
        for (int i = 1; i <= 5; i++) {
            deliver(event("e" + i, "pay_6", PaymentEventType.CAPTURED, 700, null), T0.plusSeconds(i));
        }
        deliver(event("e6", "pay_6", PaymentEventType.CAPTURED, 700, null), T0.plusSeconds(6));
        deliver(event("e7", "pay_6", PaymentEventType.CAPTURED, 700, null), T0.plusSeconds(7));

        var snapshots = payments.readValuesToList();
        // Five applied, then one snapshot that records the limit; the seventh changes nothing more.
        assertThat(snapshots).hasSize(6);
        PaymentState last = snapshots.get(5);
        assertThat(last.eventCount()).isEqualTo(5);
        assertThat(last.limitsReached()).containsExactly(PaymentLimits.EVENTS);
        assertThat(last.anomalies())
                .anySatisfy(a -> assertThat(a).startsWith("LIMIT_REACHED: this payment reached its limit of events"));
        assertThat(deadLetters.readValuesToList())
                .extracting(DeadLetter::offset)
                .containsExactly(5L, 6L);
        // Not listed as applied: a redelivery once the limit is raised applies them.
        assertThat(last.appliedEventIds()).doesNotContain("adyen:e6", "adyen:e7");
    }

    @Test
    void aNewRefundPastTheRefundLimitIsDeadLetteredButAKnownRefundStillApplies() {
        deliver(event("c", "pay_7", PaymentEventType.CAPTURED, 1000, null), T0);
        deliver(event("r1", "pay_7", PaymentEventType.REFUNDED, 100, "re_1"), T0.plusSeconds(1));
        deliver(event("r2", "pay_7", PaymentEventType.REFUNDED, 100, "re_2"), T0.plusSeconds(2));
        deliver(event("r3", "pay_7", PaymentEventType.REFUNDED, 100, "re_3"), T0.plusSeconds(3));
        deliver(event("r2-again", "pay_7", PaymentEventType.REFUNDED, 150, "re_2"), T0.plusSeconds(4));

        PaymentFacts last = driver.<String, StoredPayment>getKeyValueStore(PaymentTopology.PAYMENTS_STORE)
                .get("pay_7")
                .facts();
        assertThat(last.refunds()).containsOnlyKeys("re_1", "re_2").containsEntry("re_2", 150L);
        assertThat(last.limitsReached()).containsExactly(PaymentLimits.REFUNDS);
        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(d -> assertThat(d.error())
                .contains("refunds"));
    }

    @Test
    void aDeadLetterKeepsABoundedPrefixOfAHugeRecordWithItsHashAndSize() {
        byte[] huge = ("{\"eventId\":\"" + "x".repeat(300_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        webhooks.pipeInput("pay_8", huge, T0);

        DeadLetter dead = deadLetters.readValue();
        assertThat(dead.value()).hasSize(DeadLetter.MAX_VALUE_KEPT);
        assertThat(dead.valueTruncated()).isTrue();
        assertThat(dead.valueSize()).isEqualTo(huge.length);
        assertThat(dead.valueSha256()).isEqualTo(dev.payhook.common.Sha256.hex(huge));
        assertThat(dead.error().length()).isLessThanOrEqualTo(DeadLetter.MAX_ERROR_LENGTH);
    }
}
