package dev.payhook.reconciler.report;

import dev.payhook.common.Discrepancy;
import dev.payhook.reconciler.stream.ReconciliationTotals;
import java.util.List;
import java.util.SortedSet;

/** One instance's share of the reconciliation: what its tasks hold. Instances merge each other's. */
public record LocalReconciliation(
        List<Discrepancy> discrepancies, ReconciliationTotals totals, SortedSet<String> batches) {}
