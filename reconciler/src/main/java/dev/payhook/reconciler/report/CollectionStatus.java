package dev.payhook.reconciler.report;

import dev.payhook.common.ReportCollection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One source's report collection as the collector recorded it: the latest report collected, what it
 * waits for, what it refused, and when the next report is due.
 *
 * @param latestReport  the latest report collected (a day, or a file), null before the first
 * @param latestAt      when it was collected
 * @param latestBatchId its batch; null for a day without activity
 * @param waiting       Stripe report runs asked for and not ready yet
 * @param refused       reports refused for good, each with the reason
 * @param nextDueAfter  for a source collected by day: the end of the next day, after which its report
 *                      is due; null for a source whose reports come when the provider announces them
 */
public record CollectionStatus(
        String source,
        String latestReport,
        Instant latestAt,
        String latestBatchId,
        List<String> waiting,
        List<Refusal> refused,
        Instant nextDueAfter) {

    public record Refusal(String report, String reason, Instant at) {}

    /** Every source the collector has a record of, by name. */
    static List<CollectionStatus> of(Collection<ReportCollection> collections) {
        Map<String, List<ReportCollection>> bySource = new TreeMap<>();
        collections.forEach(c ->
                bySource.computeIfAbsent(c.source(), s -> new ArrayList<>()).add(c));
        List<CollectionStatus> statuses = new ArrayList<>();
        bySource.forEach((source, records) -> statuses.add(of(source, records)));
        return statuses;
    }

    private static CollectionStatus of(String source, List<ReportCollection> records) {
        ReportCollection latest = records.stream()
                .filter(c -> c.status() == ReportCollection.Status.COLLECTED)
                .max(Comparator.comparing(ReportCollection::at))
                .orElse(null);
        List<String> waiting = records.stream()
                .filter(c -> c.status() == ReportCollection.Status.REQUESTED)
                .map(c -> c.report() + " (report run " + c.runId() + ")")
                .sorted()
                .toList();
        List<Refusal> refused = records.stream()
                .filter(c -> c.status() == ReportCollection.Status.REFUSED)
                .sorted(Comparator.comparing(ReportCollection::at).reversed())
                .map(c -> new Refusal(c.report(), c.detail(), c.at()))
                .toList();
        LocalDate lastDay = records.stream()
                .filter(c -> c.status() == ReportCollection.Status.COLLECTED)
                .map(c -> day(c.report()))
                .filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
        // The day after the last one collected is complete at its end: its report is due from then.
        Instant nextDue = lastDay == null
                ? null
                : lastDay.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        return new CollectionStatus(
                source,
                latest == null ? null : latest.report(),
                latest == null ? null : latest.at(),
                latest == null ? null : latest.batchId(),
                waiting,
                refused,
                nextDue);
    }

    private static LocalDate day(String report) {
        try {
            return LocalDate.parse(report);
        } catch (DateTimeParseException notADay) {
            return null;
        }
    }
}
