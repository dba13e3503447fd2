package dev.payhook.common;

import java.util.List;

/**
 * One reconciler task's share of a period's close: its statements' rows, unchained, sent to partition 0
 * of {@code payhook.discrepancy-resolutions} (key = {@code close-part:<period>:<partition>}), where the
 * task that owns batch breaks adds the parts up once every task has sent its own.
 *
 * @param accounts the close's accounts ({@link PeriodClose#accounts()}; null: every account)
 */
public record PeriodClosePart(
        String period,
        int partition,
        int partitions,
        List<PeriodStatement> rows,
        java.util.SortedSet<String> accounts) {

    public PeriodClosePart {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    /** Which close it is a part of: the period, for every account or for the accounts named. */
    public String close() {
        return period + (accounts == null ? "" : "|" + String.join(",", accounts));
    }
}
