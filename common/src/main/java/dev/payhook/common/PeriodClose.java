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
 */
public record PeriodClose(String period, String operator, Instant requestedAt, int partitions) {

    public PeriodClose {
        first(period);
        Identifiers.bounded("operator", operator);
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
