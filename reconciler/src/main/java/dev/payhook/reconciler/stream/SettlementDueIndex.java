package dev.payhook.reconciler.stream;

import dev.payhook.streams.TimeKeys;
import dev.payhook.streams.Tombstones;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The payments whose assessment a later batch cut-off would change (a capture, or a lost dispute,
 * falling due), ordered by when. A new cut-off reassesses only the payments now due, a range read,
 * instead of every payment the task holds: measured with a few hundred thousand payments, that
 * scan ran for longer than the transaction timeout, and the task was fenced and started again.
 *
 * <p>Key: due time in epoch milliseconds, zero-padded so that text order is time order, then the
 * payment id; value: the payment id. A payment has at most one entry, where its stored
 * {@link PaymentReconciliation#dueAt()} says.
 */
final class SettlementDueIndex {

    private final KeyValueStore<String, String> store;

    SettlementDueIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** Moves a payment's entry from where it was indexed to its new due time; null means none. */
    void move(String paymentId, Instant from, Instant to) {
        if (from != null && from.equals(to)) {
            return;
        }
        if (from != null) {
            Tombstones.remove(store, key(from, paymentId));
        }
        if (to != null) {
            store.put(key(to, paymentId), paymentId);
        }
    }

    /** Payments due at or before the cut-off's millisecond; reassessing them decides exactly. */
    List<String> dueBy(Instant cutoff) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> range =
                store.range(key(Instant.EPOCH, ""), key(cutoff.plusMillis(1), ""))) {
            range.forEachRemaining(entry -> due.add(entry.value));
        }
        return due;
    }

    static String key(Instant dueAt, String paymentId) {
        return TimeKeys.epochMillis(dueAt) + "|" + paymentId;
    }
}
