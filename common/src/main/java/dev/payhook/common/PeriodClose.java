package dev.payhook.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * An operator's order to close a period, written to every partition of
 * {@code payhook.discrepancy-resolutions} (key = {@code close:<period>}), so each reconciler task closes
 * it at the same point of its own input, in order with the evidence: what came before is in the period,
 * what comes after for a day of it is an adjustment in the next open period.
 *
 * @param period     a day ({@code 2026-11-30}) or a month ({@code 2026-11})
 * @param partitions how many tasks take part: the statement is complete once each has sent its part
 * @param accounts   the merchant accounts it closes the period for (an operator's limited to accounts, or one
 *                   account asked for); null: every account not closed for it already, and records of none
 */
public record PeriodClose(
        String period, String operator, Instant requestedAt, int partitions, java.util.SortedSet<String> accounts) {

    public PeriodClose {
        first(period);
        Identifiers.bounded("operator", operator);
        if (accounts != null) {
            if (accounts.isEmpty()) {
                throw new IllegalArgumentException("a close of accounts names at least one");
            }
            accounts.forEach(a -> Identifiers.bounded("account", a));
            accounts = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(accounts));
        }
    }

    /**
     * What it closes, as kept by each task: the period itself for every account, or {@code <period>|<account>}
     * for each account named.
     */
    public java.util.List<String> closes() {
        return closes(period, accounts);
    }

    public static java.util.List<String> closes(String period, java.util.Collection<String> accounts) {
        return accounts == null
                ? java.util.List.of(period)
                : accounts.stream().map(a -> period + "|" + a).toList();
    }

    /** The first day of a period. */
    public static LocalDate first(String period) {
        try {
            return period.length() == 7 ? YearMonth.parse(period).atDay(1) : LocalDate.parse(period);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("period is a day (2026-11-30) or a month (2026-11), not " + period);
        }
    }

    /** The last day of a period. */
    public static LocalDate last(String period) {
        return period.length() == 7 ? YearMonth.parse(period).atEndOfMonth() : LocalDate.parse(period);
    }

    public static boolean contains(String period, LocalDate day) {
        return !day.isBefore(first(period)) && !day.isAfter(last(period));
    }
}
