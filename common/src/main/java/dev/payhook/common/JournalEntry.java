package dev.payhook.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A double-entry journal entry on {@code payhook.journal} (compacted, key = entryId), posted by the
 * reconciler when an operator resolves a discrepancy with an action that moves money, or reverses an
 * entry. Never edited: a correction is a new entry ({@code reverses} names the one it undoes).
 *
 * @param entryId       stable: from the discrepancy, the action and the time of the resolution, so a replay
 *                      posts the same entry under the same id
 * @param date          the business day of the entry (the resolution's, UTC)
 * @param period        the day it is booked in: {@code date}, or when that day's period is closed, the first
 *                      open day after it
 * @param adjustsPeriod the closed period the entry belongs to, when it was booked after it closed; else null
 * @param account       the merchant account of the discrepancy it resolves (a line's {@code account} is an
 *                      account of the chart, not this)
 * @param lines         debits and credits, each in minor units of its currency; per currency they balance
 * @param chain         the reconciler partition whose entries it is chained with
 * @param sequence      its place in the chain, from 1
 * @param previousHash  the hash of the entry before it in the chain, null for the first
 * @param hash          SHA-256 (hex) of the previous hash and this entry's canonical form (every field but
 *                      the hash): an edit or a gap anywhere breaks every hash after it
 */
public record JournalEntry(
        String entryId,
        LocalDate date,
        LocalDate period,
        String adjustsPeriod,
        String discrepancyId,
        // Left out of the canonical form when null, so entries chained before accounts keep their hashes.
        @JsonInclude(JsonInclude.Include.NON_NULL) String account,
        ResolutionAction action,
        String reverses,
        String operator,
        Instant postedAt,
        String memo,
        String reference,
        List<Line> lines,
        String chain,
        long sequence,
        String previousHash,
        String hash) {

    /**
     * One side of the entry: exactly one of debit and credit is non-zero.
     *
     * @param account an account of the chart ({@code psp-clearing:stripe}, {@code fees}, {@code write-offs},
     *                {@code bank:DE89…}, {@code refunds})
     */
    public record Line(String account, long debit, long credit, String currency) {}

    public JournalEntry {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** The same entry without its hash: what the hash is computed over. */
    public JournalEntry withoutHash() {
        return chained(chain, sequence, previousHash, null);
    }

    /** The same entry, booked in a day (and adjusting a closed period, or null). */
    public JournalEntry bookedIn(LocalDate bookedDay, String adjusts) {
        return with(bookedDay, adjusts, chain, sequence, previousHash, hash);
    }

    /** The same entry, chained. */
    public JournalEntry chained(String chain, long sequence, String previousHash, String hash) {
        return with(period, adjustsPeriod, chain, sequence, previousHash, hash);
    }

    /** The one copy: what an entry gains after it is made is where it is booked and its place in the chain. */
    private JournalEntry with(
            LocalDate period, String adjustsPeriod, String chain, long sequence, String previousHash, String hash) {
        return new JournalEntry(
                entryId,
                date,
                period,
                adjustsPeriod,
                discrepancyId,
                account,
                action,
                reverses,
                operator,
                postedAt,
                memo,
                reference,
                lines,
                chain,
                sequence,
                previousHash,
                hash);
    }
}
