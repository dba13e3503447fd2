package dev.payhook.common;

import java.time.Instant;

/**
 * One report's collection, on {@code payhook.report-collections} (compacted, key =
 * {@code <source>:<report>}): a day ({@code 2026-12-04}) or a file ({@code settlement_detail_report_batch_12.csv}).
 *
 * @param status    {@code REQUESTED}: a Stripe report run was asked for and is awaited; {@code COLLECTED}:
 *                  published as {@code batchId} (null for a report without a single usable line: a
 *                  day without activity); {@code REFUSED}: never to be fetched (a host off the allow-list,
 *                  a report kind payhook does not read), with the reason in {@code detail}
 * @param runId     the Stripe report run that makes it
 */
public record ReportCollection(
        String source, String report, Status status, String runId, String batchId, String detail, Instant at) {

    public enum Status {
        REQUESTED,
        COLLECTED,
        REFUSED
    }

    public String key() {
        return source + ":" + report;
    }

    public boolean done() {
        return status != Status.REQUESTED;
    }
}
