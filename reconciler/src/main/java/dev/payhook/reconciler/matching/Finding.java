package dev.payhook.reconciler.matching;

import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.SettlementLine;

/**
 * A break {@link Reconciliation} found, before it becomes a {@link dev.payhook.common.Discrepancy}.
 *
 * @param key      what makes it this break and not another of the same type and payment: the
 *                 settlement line's reference, or a fixed name for breaks about the payment as a whole
 * @param evidence the settlement line that shows it, when one does
 * @param amount   the money at stake, minor units of {@code currency}
 * @param batchId  the settlement batch it is about: the evidence's, or the batch itself for a break of a
 *                 whole report
 * @param reference what the discrepancy's {@code reference} names: the evidence's reference, or for a break
 *                 of the bank leg the bank line or payout that shows it
 */
public record Finding(
        DiscrepancyType type,
        String key,
        String expected,
        String actual,
        SettlementLine evidence,
        Long amount,
        String currency,
        String batchId,
        String reference) {

    /** A break a settlement line (or none) shows: the line is its reference. */
    public Finding(
            DiscrepancyType type,
            String key,
            String expected,
            String actual,
            SettlementLine evidence,
            Long amount,
            String currency,
            String batchId) {
        this(
                type,
                key,
                expected,
                actual,
                evidence,
                amount,
                currency,
                batchId,
                evidence == null ? null : evidence.reference());
    }

    public Finding(
            DiscrepancyType type,
            String key,
            String expected,
            String actual,
            SettlementLine evidence,
            Long amount,
            String currency) {
        this(type, key, expected, actual, evidence, amount, currency, evidence == null ? null : evidence.batchId());
    }
}
