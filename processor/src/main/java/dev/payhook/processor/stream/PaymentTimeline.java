package dev.payhook.processor.stream;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentStatus;
import dev.payhook.processor.state.StoredPayment;
import dev.payhook.streams.KeyedLog;
import java.time.Instant;
import java.util.List;
import java.util.function.LongFunction;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Each payment's timeline: every event that reached it, in the order the processor took them,
 * applied or dropped as a duplicate, with its source, delivery and times and the status it left
 * the payment in: a {@link KeyedLog} whose head its {@link StoredPayment} keeps and whose older pages
 * are in a store beside it, at most {@link #MAX_ENTRIES} per payment (later events are still applied,
 * just not listed).
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
     * Records the event in the payment's timeline and returns the head to keep in its {@link StoredPayment}.
     *
     * @param head the head its stored payment keeps: {@link #NEW} for a payment that had no state before
     *             this event (so no timeline either: the two are written in the same transactions), null
     *             for one stored by a build that kept the head in the timeline store
     */
    String record(PaymentEvent event, String outcome, PaymentStatus statusAfter, String head) {
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
        return LOG.appendToKept(store, event.paymentId(), head, entry);
    }

    /** The head of a payment with no timeline yet. */
    static final String NEW = KeyedLog.NEW;

    /**
     * A payment's timeline, in the order its events were taken: its pages in the timeline store, its head
     * in its stored payment; empty for a payment not stored.
     */
    public static List<Entry> of(
            ReadOnlyKeyValueStore<String, String> timelines,
            ReadOnlyKeyValueStore<String, StoredPayment> payments,
            String paymentId) {
        StoredPayment payment = payments.get(paymentId);
        return payment == null ? List.of() : LOG.read(timelines, paymentId, payment.timelineHead());
    }
}
