package dev.payhook.common;

/** What money movement a settlement line records for its payment. */
public enum SettlementKind {
    /** The payment's captured funds settled to the merchant. */
    CAPTURE,
    /** A refund was debited. */
    REFUND,
    /** A chargeback was debited (a dispute the merchant lost, or funds held while it is open). */
    CHARGEBACK,
    /** A chargeback was reversed: the merchant won the dispute and got the funds back. */
    CHARGEBACK_REVERSAL,
    /**
     * A refund came back: the bank returned it or it failed (Adyen {@code RefundedReversed}, Stripe
     * {@code refund_failure}).
     */
    REFUND_REVERSAL;

    /** Whether the line credits the merchant's balance: a capture settled, or money that came back. */
    public boolean isCredit() {
        return this == CAPTURE || this == CHARGEBACK_REVERSAL || this == REFUND_REVERSAL;
    }
}
