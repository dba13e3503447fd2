package dev.payhook.common;

/** The reconciliation breaks of docs/DESIGN.md. */
public enum DiscrepancyType {
    MISSING_SETTLEMENT,
    UNKNOWN_SETTLEMENT,
    AMOUNT_MISMATCH,
    CURRENCY_MISMATCH,
    STATUS_MISMATCH,
    DUPLICATE_SETTLEMENT,
    REFUND_MISMATCH,
    CHARGEBACK_MISMATCH,
    FEE_MISMATCH,
    PAYOUT_MISMATCH
}
