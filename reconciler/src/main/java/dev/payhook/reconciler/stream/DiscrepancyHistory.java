package dev.payhook.reconciler.stream;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.JsonSerde;
import dev.payhook.reconciler.matching.DiscrepancyLedger;
import dev.payhook.streams.KeyedLog;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Each discrepancy's history: every version of it payhook emitted, with what changed. The
 * discrepancies topic is compacted and keeps only the latest; an operator looking at a break wants
 * to know when it opened, what moved it and who closed it. At most {@link #MAX_ENTRIES} each.
 */
public final class DiscrepancyHistory {

    public static final int MAX_ENTRIES = 200;

    /**
     * @param change {@code opened}, {@code updated} (still open, other figures), {@code resolved} or
     *               {@code reopened} (found again after later evidence had cleared it)
     * @param at     the time of the record that changed it: a webhook, a settlement line, a resolution
     */
    public record Entry(
            long sequence,
            Instant at,
            String change,
            DiscrepancyStatus status,
            String expected,
            String actual,
            Long amount,
            String currency,
            String resolution,
            String resolvedBy,
            String operator) {}

    private static final KeyedLog<Entry> LOG = new KeyedLog<>(JsonSerde.of(Entry.class), MAX_ENTRIES);

    private final KeyValueStore<String, String> store;

    DiscrepancyHistory(KeyValueStore<String, String> store) {
        this.store = store;
    }

    void record(DiscrepancyLedger.Change change, Instant at) {
        Discrepancy d = change.after();
        String what = change.before() == null
                ? "opened"
                : change.opened() ? "reopened" : change.resolved() ? "resolved" : "updated";
        LOG.append(
                store,
                d.discrepancyId(),
                sequence -> new Entry(
                        sequence,
                        at,
                        what,
                        d.status(),
                        d.expected(),
                        d.actual(),
                        d.amount(),
                        d.currency(),
                        d.resolution(),
                        d.resolvedBy(),
                        d.operator()));
    }

    /** A discrepancy's history, oldest first. */
    public static List<Entry> of(ReadOnlyKeyValueStore<String, String> store, String discrepancyId) {
        return LOG.read(store, discrepancyId);
    }
}
