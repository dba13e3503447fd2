package dev.payhook.reconciler.journal;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.common.JournalEntry;
import dev.payhook.common.ResolutionAction;
import dev.payhook.common.Sha256;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The entry an operator's resolution posts: a pure function of the discrepancy, the action and the chart,
 * so the console can show it before the operator confirms, the stream posts exactly that, and a property
 * test checks that every entry balances per currency.
 */
public final class Journal {

    /**
     * Breaks where the evidence shows more money than payhook expected: writing one off is a gain.
     * The others are money expected that did not come (or not all of it): writing one off is a loss.
     */
    private static final Set<DiscrepancyType> MORE_THAN_EXPECTED = EnumSet.of(
            DiscrepancyType.UNKNOWN_SETTLEMENT,
            DiscrepancyType.DUPLICATE_SETTLEMENT,
            DiscrepancyType.UNEXPECTED_PAYOUT_CREDIT);

    private Journal() {}

    /**
     * What the discrepancy is about, for the accounts: its provider and, for the bank leg, its account.
     *
     * @param source  the provider (settlement format or webhook source) the money is owed by
     * @param account the bank account, for bank breaks; null otherwise
     */
    public record Subject(String source, String account) {}

    /** The lines an action posts for a discrepancy; empty for {@code EXPLAINED} or a discrepancy without money. */
    public static List<JournalEntry.Line> lines(
            Discrepancy d, ResolutionAction action, Subject subject, ChartOfAccounts chart) {
        if (action == ResolutionAction.EXPLAINED || d.amount() == null || d.amount() == 0 || d.currency() == null) {
            return List.of();
        }
        long amount = Math.abs(d.amount());
        String currency = d.currency();
        String clearing = chart.clearing(subject.source());
        return switch (action) {
            case WRITE_OFF ->
                MORE_THAN_EXPECTED.contains(d.type())
                        ? pair(clearing, chart.writeOffs(), amount, currency)
                        : pair(chart.writeOffs(), clearing, amount, currency);
            case FEE_ADJUSTMENT -> pair(chart.fees(), clearing, amount, currency);
            case MARK_RECEIVED -> pair(chart.bank(subject.account()), clearing, amount, currency);
            case REFUND_ISSUED -> pair(chart.refunds(), clearing, amount, currency);
            case EXPLAINED -> List.of();
        };
    }

    /** The entry for a resolution, not yet chained; null when the action posts nothing. */
    public static JournalEntry entry(
            Discrepancy d,
            ResolutionAction action,
            String operator,
            String note,
            Instant at,
            Subject subject,
            ChartOfAccounts chart) {
        List<JournalEntry.Line> lines = lines(d, action, subject, chart);
        if (lines.isEmpty()) {
            return null;
        }
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        String memo = action.name().toLowerCase().replace('_', ' ') + " of "
                + d.type().name().toLowerCase().replace('_', ' ')
                + (note == null || note.isBlank() ? "" : ": " + note.strip());
        return new JournalEntry(
                "je_" + Sha256.hexPrefix(d.discrepancyId() + "\n" + action + "\n" + at, 12),
                day,
                day,
                null,
                d.discrepancyId(),
                d.account(),
                action,
                null,
                operator,
                at,
                memo.length() > 300 ? memo.substring(0, 300) + "…" : memo,
                d.paymentId() != null ? d.paymentId() : d.reference(),
                lines,
                null,
                0,
                null,
                null);
    }

    /** The entry that undoes another: the same lines, sides swapped, posted now. */
    public static JournalEntry reversal(JournalEntry original, String operator, String note, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        List<JournalEntry.Line> swapped = original.lines().stream()
                .map(l -> new JournalEntry.Line(l.account(), l.credit(), l.debit(), l.currency()))
                .toList();
        return new JournalEntry(
                "je_" + Sha256.hexPrefix(original.entryId() + "\nreversal\n" + at, 12),
                day,
                day,
                null,
                original.discrepancyId(),
                original.account(),
                original.action(),
                original.entryId(),
                operator,
                at,
                "reversal of " + original.entryId() + (note == null || note.isBlank() ? "" : ": " + note.strip()),
                original.reference(),
                swapped,
                null,
                0,
                null,
                null);
    }

    /** Debits less credits per currency: all zero for a balanced entry. */
    public static Map<String, Long> imbalance(List<JournalEntry.Line> lines) {
        Map<String, Long> byCurrency = new TreeMap<>();
        for (JournalEntry.Line line : lines) {
            byCurrency.merge(line.currency(), Math.subtractExact(line.debit(), line.credit()), Math::addExact);
        }
        return byCurrency;
    }

    private static List<JournalEntry.Line> pair(String debited, String credited, long amount, String currency) {
        return List.of(
                new JournalEntry.Line(debited, amount, 0, currency),
                new JournalEntry.Line(credited, 0, amount, currency));
    }
}
