package dev.payhook.processor.stream;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Each payment's timeline: every event that reached it, in the order the processor took them,
 * applied or dropped as a duplicate, with its source, delivery and times and the status it left
 * the payment in. Kept beside the payment's state, not in it, so the state the processor reads and
 * writes for every event does not grow with it. Key: payment id and a zero-padded sequence number;
 * at most {@link #MAX_ENTRIES} per payment (later events are still applied, just not listed).
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

    private static final JsonSerde<Entry> ENTRIES = JsonSerde.of(Entry.class);

    private final KeyValueStore<String, String> store;

    PaymentTimeline(KeyValueStore<String, String> store) {
        this.store = store;
    }

    void record(PaymentEvent event, String outcome, PaymentStatus statusAfter) {
        String countKey = event.paymentId() + "|count";
        String count = store.get(countKey);
        long sequence = count == null ? 0 : Long.parseLong(count);
        if (sequence >= MAX_ENTRIES) {
            return;
        }
        Entry entry = new Entry(
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
        store.put(key(event.paymentId(), sequence), new String(ENTRIES.toBytes(entry), StandardCharsets.UTF_8));
        store.put(countKey, Long.toString(sequence + 1));
    }

    /** A payment's timeline, in the order its events were taken. */
    public static List<Entry> of(ReadOnlyKeyValueStore<String, String> store, String paymentId) {
        List<Entry> entries = new ArrayList<>();
        try (KeyValueIterator<String, String> range = store.range(key(paymentId, 0), key(paymentId, MAX_ENTRIES))) {
            range.forEachRemaining(
                    e -> entries.add(ENTRIES.deserialize(null, e.value.getBytes(StandardCharsets.UTF_8))));
        }
        return entries;
    }

    private static String key(String paymentId, long sequence) {
        return String.format("%s|%06d", paymentId, sequence);
    }
}
