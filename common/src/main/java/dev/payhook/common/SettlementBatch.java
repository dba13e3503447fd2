package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An uploaded settlement report, as a whole.
 *
 * @param batchId    derived from the file's content: the same file uploaded again is the same batch
 * @param cutoff     the latest time the report covers; a payment captured before
 *                   {@code cutoff - settlement delay} should be in it or an earlier batch
 * @param lines      payment-level lines accepted
 * @param totals     batch-level rows (fees, payouts, …) summed: kind → currency → minor units (signed:
 *                   credits positive, debits negative)
 */
@JsonTypeName("batch")
public record SettlementBatch(
        String batchId,
        String format,
        Instant cutoff,
        long lines,
        SortedMap<String, SortedMap<String, Long>> totals,
        Instant uploadedAt)
        implements SettlementMessage {

    public SettlementBatch {
        totals = totals == null ? new TreeMap<>() : new TreeMap<>(totals);
    }
}
