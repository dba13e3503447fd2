package dev.payhook.provider.bank;

import dev.payhook.common.BankLine;
import dev.payhook.common.RejectedLine;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A statement file read whole: its lines, and the entries that could not be used, each with where it
 * is in the file and why.
 *
 * @param statementId    the file's statements' ids, joined: the same statement delivered again has it again
 * @param coveredThrough by account, the last day the file's statements cover (camt {@code FrToDt} or closing
 *                       balance date, MT940 {@code :62F:} date, BAI2 as-of date): a payout due by then with no
 *                       credit in them was not received
 */
public record ParsedStatement(
        String statementId,
        List<BankLine> lines,
        List<RejectedLine> rejected,
        SortedMap<String, LocalDate> coveredThrough) {

    public ParsedStatement {
        lines = List.copyOf(lines);
        rejected = List.copyOf(rejected);
        coveredThrough = new TreeMap<>(coveredThrough);
    }

    /** The accounts it has entries for, or covers without any: a day nothing moved is news too. */
    public SortedSet<String> accounts() {
        TreeSet<String> accounts = new TreeSet<>(coveredThrough.keySet());
        lines.forEach(line -> accounts.add(line.account()));
        return accounts;
    }
}
