package dev.payhook.reconciler.stream;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Running counts of the discrepancies, so the summary (read every few seconds by the console) costs
 * the same with a million discrepancies as with ten. Keys: {@code OPEN|type|hour of detection} (the
 * summary ages open ones by it) and {@code RESOLVED|type}; a count that reaches zero is deleted.
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
     * Counts a task's discrepancies afresh when it has none counted but holds some: the store of a
     * deployment that predates it, filled once, on the task's first record.
     */
    void fillIfEmpty(KeyValueStore<String, Discrepancy> discrepancies) {
        try (KeyValueIterator<String, Long> counted = store.all()) {
            if (counted.hasNext()) {
                return;
            }
        }
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
            store.delete(key);
        } else {
            store.put(key, now);
        }
    }

    static String key(Discrepancy d) {
        return d.isOpen()
                ? DiscrepancyStatus.OPEN + "|" + d.type() + "|" + d.detectedAt().truncatedTo(ChronoUnit.HOURS)
                : DiscrepancyStatus.RESOLVED + "|" + d.type();
    }

    /** One count, as read back: open ones with the hour they were detected in. */
    public record Count(DiscrepancyType type, DiscrepancyStatus status, Instant detectedHour, long count) {}

    /** Every count in the stores given, merged by key. */
    public static Map<String, Long> read(ReadOnlyKeyValueStore<String, Long> store) {
        Map<String, Long> counts = new HashMap<>();
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(c -> counts.merge(c.key, c.value, Long::sum));
        }
        return counts;
    }

    public static Count parse(String key, long count) {
        String[] parts = key.split("\\|");
        return new Count(
                DiscrepancyType.valueOf(parts[1]),
                DiscrepancyStatus.valueOf(parts[0]),
                parts.length > 2 ? Instant.parse(parts[2]) : null,
                count);
    }
}
