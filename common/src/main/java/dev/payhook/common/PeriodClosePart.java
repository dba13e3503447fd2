package dev.payhook.common;

import java.util.List;

/**
 * One reconciler task's share of a period's close: its statements' rows, unchained, sent to partition 0
 * of {@code payhook.discrepancy-resolutions} (key = {@code close-part:<period>:<partition>}), where the
 * task that owns batch breaks adds the parts up once every task has sent its own.
 */
public record PeriodClosePart(String period, int partition, int partitions, List<PeriodStatement> rows) {

    public PeriodClosePart {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }
}
