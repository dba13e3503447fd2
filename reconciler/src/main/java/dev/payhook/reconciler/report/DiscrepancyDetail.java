package dev.payhook.reconciler.report;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.SettlementBatch;
import dev.payhook.reconciler.stream.DiscrepancyHistory;
import dev.payhook.reconciler.stream.PaymentReconciliation;
import java.util.List;

/**
 * {@code GET /reconciliation/discrepancies/{id}}: a discrepancy with its evidence and its history.
 *
 * @param payment what the reconciler holds for its payment: the payment's state as last seen, its
 *                settlement lines, which of them matched; null for a break of a whole batch
 * @param batch   the settlement batch it was found in, null when no batch was the evidence
 * @param history every version of it, oldest first
 */
public record DiscrepancyDetail(
        Discrepancy discrepancy,
        PaymentReconciliation payment,
        SettlementBatch batch,
        List<DiscrepancyHistory.Entry> history) {}
