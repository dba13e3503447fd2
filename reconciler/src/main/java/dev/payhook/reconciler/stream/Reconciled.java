package dev.payhook.reconciler.stream;

import dev.payhook.common.DeadLetter;
import dev.payhook.common.Discrepancy;
import dev.payhook.common.JournalEntry;
import dev.payhook.common.PeriodClosePart;
import dev.payhook.common.PeriodStatement;
import dev.payhook.common.SettlementMatch;

/** What reconciling a record emits. */
sealed interface Reconciled {

    /** A discrepancy found, changed or resolved: to {@code payhook.discrepancies}, key = its id. */
    record DiscrepancyChanged(Discrepancy discrepancy) implements Reconciled {}

    /** A line that agrees with the payment state: to {@code payhook.matches}, key = payment id. */
    record LineMatched(SettlementMatch match) implements Reconciled {}

    /** A journal entry posted by a resolution or a reversal: to {@code payhook.journal}, key = its id. */
    record JournalPosted(JournalEntry entry) implements Reconciled {}

    /** This task's part of a period's close: to partition 0 of the resolutions topic, where the parts meet. */
    record ClosePartComputed(PeriodClosePart part) implements Reconciled {}

    /** A closed period's statement for one provider and currency: to {@code payhook.period-closes}. */
    record PeriodClosed(PeriodStatement statement) implements Reconciled {}

    /** A record that could not be applied, with the error: to {@code payhook.reconciler.dead-letter}. */
    record DeadLettered(DeadLetter deadLetter) implements Reconciled {}
}
