package dev.payhook.reconciler.stream;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.streams.Tombstones;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Running counts of the discrepancies, so the summary (read every few seconds by the console) costs
 * the same with a million discrepancies as with ten, for every account or a few. Keys:
 * {@code OPEN|type|hour of detection|account} (the summary ages open ones by the hour) and
 * {@code RESOLVED|type|-|account} ({@code -} for no account); a count that reaches zero is deleted.
 * Moved with every version of a discrepancy the reconciler emits, in the same transaction.
 */
public final class DiscrepancyCounts {

    private final KeyValueStore<String, Long> store;

    DiscrepancyCounts(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    void move(Discrepancy before, Discrepancy after) {
        if (before != null) {
            add(key(before), -1);
        }
        add(key(after), 1);
    }

    /**
     * Counts a task's discrepancies afresh when it has none counted but holds some, or counted them
     * without their account: the store of a deployment that predates it, filled once, on the task's
     * first record.
     */
    void fillIfEmpty(KeyValueStore<String, Discrepancy> discrepancies) {
        java.util.List<String> stale = new java.util.ArrayList<>();
        try (KeyValueIterator<String, Long> counted = store.all()) {
            if (counted.hasNext() && counted.next().key.split("\\|", PARTS).length == PARTS) {
                return;
            }
        }
        try (KeyValueIterator<String, Long> counted = store.all()) {
            counted.forEachRemaining(c -> stale.add(c.key));
        }
        stale.forEach(store::delete);
        Map<String, Long> counts = new HashMap<>();
        try (KeyValueIterator<String, Discrepancy> all = discrepancies.all()) {
            all.forEachRemaining(d -> counts.merge(key(d.value), 1L, Long::sum));
        }
        counts.forEach(store::put);
    }

    private void add(String key, long delta) {
        Long count = store.get(key);
        long now = (count == null ? 0 : count) + delta;
        if (now <= 0) {
            Tombstones.remove(store, key);
        } else {
            store.put(key, now);
        }
    }

    private static final int PARTS = 4;
    private static final String NONE = "-";

    static String key(Discrepancy d) {
        String account = d.account() == null ? NONE : d.account();
        return d.isOpen()
                ? DiscrepancyStatus.OPEN + "|" + d.type() + "|" + d.detectedAt().truncatedTo(ChronoUnit.HOURS) + "|"
                        + account
                : DiscrepancyStatus.RESOLVED + "|" + d.type() + "|" + NONE + "|" + account;
    }

    /** One count, as read back: open ones with the hour they were detected in; the account, null if none. */
    public record Count(
            DiscrepancyType type, DiscrepancyStatus status, Instant detectedHour, String account, long count) {}

    /** The counts of the store given, merged by key, of the accounts {@code seen} admits. */
    public static Map<String, Long> read(ReadOnlyKeyValueStore<String, Long> store, Predicate<String> seen) {
        Map<String, Long> counts = new HashMap<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(c -> {
                if (seen.test(parse(c.key, c.value).account())) {
                    counts.merge(c.key, c.value, Long::sum);
                }
            });
        }
        return counts;
    }

    public static Count parse(String key, long count) {
        String[] parts = key.split("\\|", PARTS);
        return new Count(
                DiscrepancyType.valueOf(parts[1]),
                DiscrepancyStatus.valueOf(parts[0]),
                parts.length > 2 && !parts[2].equals(NONE) ? Instant.parse(parts[2]) : null,
                parts.length > 3 && !parts[3].equals(NONE) ? parts[3] : null,
                count);
    }
}
