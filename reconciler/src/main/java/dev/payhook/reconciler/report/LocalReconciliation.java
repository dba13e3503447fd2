package dev.payhook.reconciler.report;

import dev.payhook.reconciler.stream.ReconciliationTotals;
import java.util.Map;
import java.util.SortedSet;

/**
 * One instance's share of the reconciliation: what its tasks hold. Instances merge each other's.
 *
 * @param counts   its running counts of discrepancies ({@code DiscrepancyCounts})
 * @param accounts the merchant accounts its payments belong to (of those the operator may see)
 */
public record LocalReconciliation(
        Map<String, Long> counts, ReconciliationTotals totals, SortedSet<String> batches, SortedSet<String> accounts) {

    public LocalReconciliation {
        accounts = accounts == null ? new java.util.TreeSet<>() : new java.util.TreeSet<>(accounts);
    }
}
