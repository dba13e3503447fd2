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
    PAYOUT_MISMATCH,
    /** A provider's payout with no matching bank credit once the payout window has passed. */
    PAYOUT_NOT_RECEIVED,
    /** A bank credit that carries a payout's reference, for another amount. */
    BANK_AMOUNT_MISMATCH,
    /** A bank credit that names a provider but matches no payout. */
    UNEXPECTED_PAYOUT_CREDIT;

    /** The breaks of the bank leg: a payout against the merchant's bank statements. */
    public boolean isBankLeg() {
        return this == PAYOUT_NOT_RECEIVED || this == BANK_AMOUNT_MISMATCH || this == UNEXPECTED_PAYOUT_CREDIT;
    }
}
