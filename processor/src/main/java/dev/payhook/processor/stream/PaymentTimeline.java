package dev.payhook.processor.stream;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentStatus;
import dev.payhook.streams.KeyedLog;
import java.time.Instant;
import java.util.List;
import java.util.function.LongFunction;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Each payment's timeline: every event that reached it, in the order the processor took them,
 * applied or dropped as a duplicate, with its source, delivery and times and the status it left
 * the payment in: a {@link KeyedLog} beside the payment's state, at most {@link #MAX_ENTRIES} per
 * payment (later events are still applied, just not listed).
 */
public final class PaymentTimeline {

    /** Twice the default event limit: every applied event and as many duplicates. */
    public static final int MAX_ENTRIES = 2_000;

    public static final String APPLIED = "applied";
    public static final String DUPLICATE = "duplicate";

    /**
     * @param outcome     {@link #APPLIED} or {@link #DUPLICATE} (seen before, dropped)
     * @param statusAfter the payment's status once this event was taken
     */
    public record Entry(
            long sequence,
            String eventId,
            String source,
            String delivery,
            String type,
            String providerEventType,
            Instant occurredAt,
            Instant receivedAt,
            String outcome,
            PaymentStatus statusAfter) {}

    private static final KeyedLog<Entry> LOG = new KeyedLog<>(JsonSerde.of(Entry.class), MAX_ENTRIES);

    private final KeyValueStore<String, String> store;

    PaymentTimeline(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /**
     * @param firstEvent the payment had no state before this event, so no timeline either (the two
     *                   are written in the same transactions): the timeline starts without a read
     */
    void record(PaymentEvent event, String outcome, PaymentStatus statusAfter, boolean firstEvent) {
        LongFunction<Entry> entry = sequence -> new Entry(
                sequence,
                event.eventId(),
                event.source(),
                event.delivery(),
                event.type().wireName(),
                event.providerEventType(),
                event.occurredAt(),
                event.receivedAt(),
                outcome,
                statusAfter);
        if (firstEvent) {
            LOG.start(store, event.paymentId(), entry);
        } else {
            LOG.append(store, event.paymentId(), entry);
        }
    }

    /** A payment's timeline, in the order its events were taken. */
    public static List<Entry> of(ReadOnlyKeyValueStore<String, String> store, String paymentId) {
        return LOG.read(store, paymentId);
    }
}
