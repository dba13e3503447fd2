package dev.payhook.processor.stream;

import dev.payhook.common.DeadLetter;
import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentState;
import dev.payhook.common.PaymentTransition;
import dev.payhook.common.Topics;
import dev.payhook.processor.state.PaymentLimits;
import dev.payhook.processor.state.StoredPayment;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * payhook.webhooks ─▶ dedup + apply ─┬▶ payhook.payments (snapshot after every change)
 *                                    ├▶ payhook.payment-transitions (one per status change)
 *                                    └▶ payhook.webhooks.dead-letter (what cannot be applied)
 */
public final class PaymentTopology {

    public static final String PAYMENTS_STORE = "payhook-payments";
    /** {@link OpenPaymentIndex}: payments PENDING or AUTHORIZED, by their last event. */
    public static final String OPEN_PAYMENTS_STORE = "payhook-open-payments";
    /** {@link PaymentTimeline}'s pages: every event each payment received; its newest are in the payment's record. */
    public static final String TIMELINE_STORE = "payhook-payment-timeline";

    private PaymentTopology() {}

    /**
     * The topics a payment topology reads and writes: payhook's own, or a warm-up's ({@link ProcessorWarmup}).
     */
    record TopicNames(String webhooks, String payments, String transitions, String deadLetters) {
        static final TopicNames PAYHOOK = new TopicNames(
                Topics.WEBHOOKS, Topics.PAYMENTS, Topics.PAYMENT_TRANSITIONS, Topics.WEBHOOKS_DEAD_LETTER);
    }

    public static void build(StreamsBuilder builder, PaymentLimits limits, ProcessorMetrics metrics) {
        build(builder, limits, metrics, TopicNames.PAYHOOK);
    }

    static void build(StreamsBuilder builder, PaymentLimits limits, ProcessorMetrics metrics, TopicNames topics) {
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PAYMENTS_STORE), Serdes.String(), StoredPayment.SERDE));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(OPEN_PAYMENTS_STORE), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TIMELINE_STORE), Serdes.String(), Serdes.String()));

        // Raw bytes in: decoding happens in the processor, where a poison record becomes a dead letter.
        KStream<String, Outcome> outcomes = builder.stream(
                        topics.webhooks(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("webhooks"))
                .process(
                        () -> new PaymentEventProcessor(limits, metrics),
                        Named.as("dedup-and-apply"),
                        PAYMENTS_STORE,
                        OPEN_PAYMENTS_STORE,
                        TIMELINE_STORE);

        outcomes.split(Named.as("outcome-"))
                .branch(
                        (paymentId, outcome) -> outcome instanceof Outcome.Applied,
                        Branched.withConsumer(
                                applied -> {
                                    applied.mapValues(o -> ((Outcome.Applied) o).state(), Named.as("snapshot"))
                                            .to(
                                                    topics.payments(),
                                                    Produced.with(Serdes.String(), JsonSerde.of(PaymentState.class)));
                                    applied.filter(
                                                    (k, o) -> ((Outcome.Applied) o).transition() != null,
                                                    Named.as("status-changed"))
                                            .mapValues(o -> ((Outcome.Applied) o).transition(), Named.as("transition"))
                                            .to(
                                                    topics.transitions(),
                                                    Produced.with(
                                                            Serdes.String(), JsonSerde.of(PaymentTransition.class)));
                                },
                                "applied"))
                .defaultBranch(Branched.withConsumer(
                        dead -> dead.mapValues(o -> ((Outcome.DeadLettered) o).deadLetter(), Named.as("dead-letter"))
                                .to(
                                        topics.deadLetters(),
                                        Produced.with(Serdes.String(), JsonSerde.of(DeadLetter.class))),
                        "dead"));
    }
}
