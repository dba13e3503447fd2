package dev.payhook.reconciler.stream;

import java.time.Instant;
import java.time.LocalDate;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the bank leg last decided for one account: the matches the console shows and the discrepancies it
 * emitted, the previous state of the next assessment.
 *
 * @param credits       by payout key, the bank line that paid it
 * @param shortPaid     by payout key, the bank line that carries its reference for another amount
 * @param dueBy         by payout key, the last day of its payout window
 * @param discrepancies every discrepancy the account has had, open or resolved
 * @param coveredThrough the last day the account's statements cover, null before the first
 * @param assessedAt    when it was last assessed
 */
public record BankAccountState(
        String account,
        SortedMap<String, String> credits,
        SortedMap<String, String> shortPaid,
        SortedMap<String, LocalDate> dueBy,
        SortedSet<String> discrepancies,
        LocalDate coveredThrough,
        Instant assessedAt) {

    public BankAccountState {
        credits = credits == null ? new TreeMap<>() : new TreeMap<>(credits);
        shortPaid = shortPaid == null ? new TreeMap<>() : new TreeMap<>(shortPaid);
        dueBy = dueBy == null ? new TreeMap<>() : new TreeMap<>(dueBy);
        discrepancies = discrepancies == null ? new TreeSet<>() : new TreeSet<>(discrepancies);
    }

    /** The key of an account's payout or credit in the bank leg's stores. */
    public static String storeKey(String account, String id) {
        return (account == null ? "" : account) + "|" + id;
    }

    static BankAccountState empty(String account) {
        return new BankAccountState(account, null, null, null, null, null, null);
    }
}
