package dev.payhook.common;

/**
 * What an operator's resolution does about a discrepancy. Every action but {@link #EXPLAINED} posts a
 * balanced double-entry journal entry ({@link JournalEntry}) for the discrepancy's amount.
 */
public enum ResolutionAction {
    /** Nothing moves: the note says why the break is not one. */
    EXPLAINED,
    /** The difference is taken as a loss (money expected that will not come) or a gain (money that came unexpected). */
    WRITE_OFF,
    /** The difference is a fee the provider charged: booked to the fees account. */
    FEE_ADJUSTMENT,
    /** The money was confirmed by other means (a bank credit matched by hand): it is in the bank. */
    MARK_RECEIVED,
    /** A refund was issued that the provider will report later: owed to the customer, booked as a refund. */
    REFUND_ISSUED
}
