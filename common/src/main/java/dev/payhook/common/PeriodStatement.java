package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A closed period's statement for one merchant account, provider and currency, on
 * {@code payhook.period-closes} (compacted, key = {@code <period>|<source>|<currency>}, then
 * {@code |<account>} for a statement of an account). Immutable: evidence that arrives later for a day
 * of it is an adjustment in the next open period's statement, never a change to this one.
 *
 * @param account         the merchant account it states (null: records of no account); left out of its
 *                        canonical form when null, so statements chained before accounts keep their hashes
 * @param totals          what the period's settlement lines and payouts amount to (minor units)
 * @param adjustments     evidence for days of periods closed before, that arrived after they closed
 * @param open            every discrepancy still open at close, carried forward by id and amount
 * @param journalEntries  the ids of the journal entries booked in the period
 * @param clearingBalance the provider's clearing account ({@code psp-clearing:<source>}) at the period's end,
 *                        debits less credits, over every entry of its account booked up to then
 * @param previousHash    the hash of the statement closed before it for the same account, source and currency
 * @param hash            SHA-256 (hex) of the previous hash and this statement's canonical form
 */
public record PeriodStatement(
        String period,
        @JsonInclude(JsonInclude.Include.NON_NULL) String account,
        String source,
        String currency,
        Totals totals,
        List<Adjustment> adjustments,
        List<Carried> open,
        List<String> journalEntries,
        long clearingBalance,
        String operator,
        Instant closedAt,
        String previousHash,
        String hash) {

    /**
     * @param matchedLines  settlement lines that agreed with payment state
     * @param matchedAmount their amount
     */
    public record Totals(
            long captured,
            long refunded,
            long chargedBack,
            long fees,
            long paidOut,
            long lines,
            long matchedLines,
            long matchedAmount) {

        public static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0, 0, 0);

        public Totals plus(Totals o) {
            return new Totals(
                    Math.addExact(captured, o.captured),
                    Math.addExact(refunded, o.refunded),
                    Math.addExact(chargedBack, o.chargedBack),
                    Math.addExact(fees, o.fees),
                    Math.addExact(paidOut, o.paidOut),
                    Math.addExact(lines, o.lines),
                    Math.addExact(matchedLines, o.matchedLines),
                    Math.addExact(matchedAmount, o.matchedAmount));
        }
    }

    /** Late evidence for a day of a period closed before this one. */
    public record Adjustment(String adjustsPeriod, Totals totals) {}

    /** An open discrepancy carried forward. */
    public record Carried(String discrepancyId, DiscrepancyType type, Long amount) {}

    public PeriodStatement {
        adjustments = adjustments == null ? List.of() : List.copyOf(adjustments);
        open = open == null ? List.of() : List.copyOf(open);
        journalEntries = journalEntries == null ? List.of() : List.copyOf(journalEntries);
    }

    public PeriodStatement withoutHash() {
        return chained(previousHash, null);
    }

    public PeriodStatement chained(String previousHash, String hash) {
        return new PeriodStatement(
                period,
                account,
                source,
                currency,
                totals,
                adjustments,
                open,
                journalEntries,
                clearingBalance,
                operator,
                closedAt,
                previousHash,
                hash);
    }

    public String key() {
        return period + "|" + chain();
    }

    /** The chain it belongs to: its source and currency, and its account when it has one. */
    public String chain() {
        return source + "|" + currency + (account == null ? "" : "|" + account);
    }
}
