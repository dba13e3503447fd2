package dev.payhook.reconciler.stream;

import dev.payhook.common.Discrepancy;
import dev.payhook.reconciler.matching.DiscrepancyLedger;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The reconciler's discrepancies, behind one door: each one as it is now, the index the listings
 * page through, its history, and the running counts the summary reads. Every version of a
 * discrepancy is written to all four at once, in the record's transaction, so none can disagree
 * with another.
 */
final class DiscrepancyStore {

    private final KeyValueStore<String, Discrepancy> state;
    private final DiscrepancyIndex index;
    private final DiscrepancyHistory history;
    private final DiscrepancyCounts counts;

    DiscrepancyStore(
            KeyValueStore<String, Discrepancy> state,
            KeyValueStore<String, String> index,
            KeyValueStore<String, String> history,
            KeyValueStore<String, Long> counts) {
        this.state = state;
        this.index = new DiscrepancyIndex(index);
        this.history = new DiscrepancyHistory(history);
        this.counts = new DiscrepancyCounts(counts);
    }

    /** The task's stores, as the topology names them. */
    static DiscrepancyStore of(ProcessingContext context) {
        return new DiscrepancyStore(
                context.getStateStore(ReconciliationTopology.DISCREPANCIES_STORE),
                context.getStateStore(ReconciliationTopology.DISCREPANCY_INDEX_STORE),
                context.getStateStore(ReconciliationTopology.DISCREPANCY_HISTORY_STORE),
                context.getStateStore(ReconciliationTopology.DISCREPANCY_COUNTS_STORE));
    }

    /** Every discrepancy of the task still open (a period's close carries them forward). */
    java.util.List<Discrepancy> open() {
        java.util.List<Discrepancy> open = new java.util.ArrayList<>();
        try (org.apache.kafka.streams.state.KeyValueIterator<String, Discrepancy> all = state.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.isOpen()) {
                    open.add(kv.value);
                }
            });
        }
        return open;
    }

    /** The discrepancy as it is now, null if there is none of that id. */
    Discrepancy get(String discrepancyId) {
        return state.get(discrepancyId);
    }

    /** A new version: the state, its place in the index, a history entry and the counts, together. */
    void record(DiscrepancyLedger.Change change, Instant at) {
        Discrepancy discrepancy = change.after();
        state.put(discrepancy.discrepancyId(), discrepancy);
        index.move(change.before(), discrepancy);
        history.record(change, at);
        counts.move(change.before(), discrepancy);
    }

    /**
     * Counts a task's discrepancies afresh when it has none counted but holds some: the store of a
     * deployment that predates the counts, filled once, on the task's first record.
     */
    void countIfUncounted() {
        counts.fillIfEmpty(state);
    }
}
