package dev.payhook.processor.stream;

import dev.payhook.common.PaymentStatus;
import dev.payhook.streams.TimeKeys;
import dev.payhook.streams.Tombstones;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Payments still waiting for their outcome (PENDING or AUTHORIZED), ordered by their last event:
 * the recovery job asks for those left waiting too long with a range read, never a scan of every
 * payment. Key: status, the last event time in epoch milliseconds zero-padded so that text order is
 * time order, and the payment id; value: the payment id. A payment has at most one entry.
 */
public final class OpenPaymentIndex {

    static final Set<PaymentStatus> OPEN = Set.of(PaymentStatus.PENDING, PaymentStatus.AUTHORIZED);

    private final KeyValueStore<String, String> store;

    OpenPaymentIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** Moves a payment's entry from where its previous state put it to where its new state does. */
    void move(String paymentId, PaymentStatus fromStatus, Instant fromAt, PaymentStatus toStatus, Instant toAt) {
        String from = key(fromStatus, fromAt, paymentId);
        String to = key(toStatus, toAt, paymentId);
        if (from != null && from.equals(to)) {
            return;
        }
        if (from != null) {
            Tombstones.remove(store, from);
        }
        if (to != null) {
            store.put(to, paymentId);
        }
    }

    /** Payments in {@code status} whose last event is before {@code before}, oldest first, at most {@code limit}. */
    public static List<String> waitingSince(
            ReadOnlyKeyValueStore<String, String> store, PaymentStatus status, Instant before, int limit) {
        List<String> waiting = new ArrayList<>();
        try (KeyValueIterator<String, String> range =
                store.range(key(status, Instant.EPOCH, ""), key(status, before, ""))) {
            while (range.hasNext() && waiting.size() < limit) {
                waiting.add(range.next().value);
            }
        }
        return waiting;
    }

    /** Null for a payment that is not waiting (or not known). */
    static String key(PaymentStatus status, Instant at, String paymentId) {
        if (status == null || at == null || !OPEN.contains(status)) {
            return null;
        }
        return status + "|" + TimeKeys.epochMillis(at) + "|" + paymentId;
    }
}
