package dev.payhook.reconciler.stream;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyResolution;
import dev.payhook.common.SettlementLine;
import dev.payhook.reconciler.matching.PaymentEvidence;
import java.time.Instant;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the reconciler holds for one payment, in its store (key = paymentId).
 *
 * @param payment            the latest payment state, null until a webhook told us of the payment
 * @param lines              its settlement lines by reference: a line delivered again is the same line
 * @param discrepancies      every discrepancy emitted for it, as last emitted, by id
 * @param resolutions        operators' resolutions by discrepancy id
 * @param matched            references of the lines that currently agree with the state
 * @param awaitingSettlement captured, not settled, not due yet
 * @param dueAt              when a later cut-off would change its assessment: its key in the due
 *                           index ({@link SettlementDueIndex}), null if it is not there
 */
public record PaymentReconciliation(
        String paymentId,
        PaymentEvidence payment,
        SortedMap<String, SettlementLine> lines,
        SortedMap<String, Discrepancy> discrepancies,
        SortedMap<String, DiscrepancyResolution> resolutions,
        SortedSet<String> matched,
        boolean awaitingSettlement,
        Instant dueAt) {

    public PaymentReconciliation {
        lines = lines == null ? new TreeMap<>() : new TreeMap<>(lines);
        discrepancies = discrepancies == null ? new TreeMap<>() : new TreeMap<>(discrepancies);
        resolutions = resolutions == null ? new TreeMap<>() : new TreeMap<>(resolutions);
        matched = matched == null ? new TreeSet<>() : new TreeSet<>(matched);
    }

    /**
     * The merchant account it belongs to: its state's, else (a settlement line no webhook told of) its
     * lines' first; null when none says.
     */
    public String account() {
        if (payment != null && payment.account() != null) {
            return payment.account();
        }
        return lines.values().stream()
                .map(SettlementLine::account)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    static PaymentReconciliation empty(String paymentId) {
        return new PaymentReconciliation(paymentId, null, null, null, null, null, false, null);
    }

    PaymentReconciliation withPayment(PaymentEvidence facts) {
        return new PaymentReconciliation(
                paymentId, facts, lines, discrepancies, resolutions, matched, awaitingSettlement, dueAt);
    }

    PaymentReconciliation withLine(SettlementLine line) {
        SortedMap<String, SettlementLine> more = new TreeMap<>(lines);
        more.put(line.reference(), line);
        return new PaymentReconciliation(
                paymentId, payment, more, discrepancies, resolutions, matched, awaitingSettlement, dueAt);
    }

    PaymentReconciliation withResolution(DiscrepancyResolution resolution) {
        SortedMap<String, DiscrepancyResolution> more = new TreeMap<>(resolutions);
        more.put(resolution.discrepancyId(), resolution);
        return new PaymentReconciliation(
                paymentId, payment, lines, discrepancies, more, matched, awaitingSettlement, dueAt);
    }

    PaymentReconciliation assessed(
            SortedMap<String, Discrepancy> nowDiscrepancies,
            SortedSet<String> nowMatched,
            boolean nowAwaiting,
            Instant nowDueAt) {
        return new PaymentReconciliation(
                paymentId, payment, lines, nowDiscrepancies, resolutions, nowMatched, nowAwaiting, nowDueAt);
    }
}
