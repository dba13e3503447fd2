package dev.payhook.reconciler.report;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;
import java.util.List;

/**
 * {@code GET /reconciliation/discrepancies/page}: one page of discrepancies, and where the next starts.
 *
 * @param next the cursor to pass as {@code after} for the next page; null when this page is the last
 */
public record DiscrepancyPage(List<Discrepancy> items, String next) {

    static String query(DiscrepancyStatus status, DiscrepancyType type, String after, boolean newestFirst, int limit) {
        return (status == null ? "" : "status=" + status + "&")
                + (type == null ? "" : "type=" + type + "&")
                + (after == null ? "" : "after=" + after.replace("|", "%7C") + "&")
                + "order=" + (newestFirst ? "newest" : "oldest") + "&limit=" + limit;
    }
}
