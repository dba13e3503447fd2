package dev.payhook.reconciler.report;

import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import dev.payhook.reconciler.stream.DiscrepancyCounts;
import dev.payhook.reconciler.stream.ReconciliationTotals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code GET /reconciliation/summary}: where reconciliation stands.
 *
 * @param matchRate  matched settlement lines over all lines, by count and, per currency, by amount
 * @param pending    what may still clear by itself: captures not due for settlement yet, and unknown
 *                   settlements younger than the settlement delay (their webhook may still arrive)
 * @param breaks     open discrepancies that are not pending: someone should look at them
 * @param ageing     open discrepancies by days since detection: 0–1, 2–7, 8–30, >30
 *
 * <p>Read from running counts, which keep open discrepancies by the hour they were detected in: an
 * age is measured from the start of that hour.
 */
public record ReconciliationSummary(
        long batches,
        long settlementLines,
        long matchedLines,
        MatchRate matchRate,
        Pending pending,
        long breaks,
        long open,
        long resolved,
        SortedMap<DiscrepancyType, Counts> byType,
        Map<String, Long> ageing) {

    public record MatchRate(BigDecimal byCount, SortedMap<String, BigDecimal> byAmount) {}

    public record Pending(long capturesAwaitingSettlement, long unknownSettlementsAwaitingWebhook) {}

    public record Counts(long open, long resolved) {}

    static ReconciliationSummary of(
            Map<String, Long> counts,
            ReconciliationTotals totals,
            long batches,
            Instant now,
            Duration settlementDelay) {
        SortedMap<DiscrepancyType, Counts> byType = new TreeMap<>();
        Map<String, Long> ageing = new LinkedHashMap<>();
        for (String bucket : List.of("0-1", "2-7", "8-30", ">30")) {
            ageing.put(bucket, 0L);
        }
        long open = 0;
        long resolved = 0;
        long unknownYoung = 0;
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            DiscrepancyCounts.Count c = DiscrepancyCounts.parse(entry.getKey(), entry.getValue());
            Counts before = byType.getOrDefault(c.type(), new Counts(0, 0));
            if (c.status() == DiscrepancyStatus.OPEN) {
                byType.put(c.type(), new Counts(before.open() + c.count(), before.resolved()));
                open += c.count();
                Duration age = Duration.between(c.detectedHour(), now);
                ageing.merge(bucket(age.toDays()), c.count(), Long::sum);
                if (c.type() == DiscrepancyType.UNKNOWN_SETTLEMENT && age.compareTo(settlementDelay) < 0) {
                    unknownYoung += c.count();
                }
            } else {
                byType.put(c.type(), new Counts(before.open(), before.resolved() + c.count()));
                resolved += c.count();
            }
        }
        SortedMap<String, BigDecimal> byAmount = new TreeMap<>();
        totals.settled()
                .forEach((currency, settled) ->
                        byAmount.put(currency, ratio(totals.matchedAmount().getOrDefault(currency, 0L), settled)));
        return new ReconciliationSummary(
                batches,
                totals.lines(),
                totals.matchedLines(),
                new MatchRate(ratio(totals.matchedLines(), totals.lines()), byAmount),
                new Pending(totals.awaitingSettlement(), unknownYoung),
                open - unknownYoung,
                open,
                resolved,
                byType,
                ageing);
    }

    private static String bucket(long days) {
        return days <= 1 ? "0-1" : days <= 7 ? "2-7" : days <= 30 ? "8-30" : ">30";
    }

    /** A ratio, not money: four decimals; 1 when there is nothing to match. */
    private static BigDecimal ratio(long part, long whole) {
        return whole == 0
                ? BigDecimal.ONE
                : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_EVEN);
    }
}
