package dev.payhook.reconciler.report;

import dev.payhook.common.Discrepancy;
import dev.payhook.common.api.DiscrepancyPage;
import dev.payhook.reconciler.stream.DiscrepancyFilter;
import dev.payhook.reconciler.stream.DiscrepancyIndex;
import java.util.List;

/** Building the pages of {@code GET /reconciliation/discrepancies/page} ({@link DiscrepancyPage}). */
final class DiscrepancyPages {

    private DiscrepancyPages() {}

    /** A page of a list already in the page's order (one payment's discrepancies). */
    static DiscrepancyPage of(List<Discrepancy> ordered, String after, boolean newestFirst, int limit) {
        List<Discrepancy> page = ordered.stream()
                .filter(d -> after == null
                        || (newestFirst
                                ? DiscrepancyIndex.cursor(d).compareTo(after) < 0
                                : DiscrepancyIndex.cursor(d).compareTo(after) > 0))
                .limit(limit)
                .toList();
        return new DiscrepancyPage(
                page, page.size() < limit ? null : DiscrepancyIndex.cursor(page.get(page.size() - 1)));
    }

    static String query(DiscrepancyFilter filter, String after, boolean newestFirst, int limit) {
        return filter.query()
                + (after == null ? "" : "after=" + after.replace("|", "%7C") + "&")
                + "order=" + (newestFirst ? "newest" : "oldest") + "&limit=" + limit;
    }
}
