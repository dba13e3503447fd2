package dev.payhook.common.api;

import dev.payhook.common.Discrepancy;
import java.util.List;

/**
 * {@code GET /reconciliation/discrepancies/page}: one page of discrepancies, and where the next starts.
 *
 * @param next the cursor to pass as {@code after} for the next page; null when this page is the last
 */
public record DiscrepancyPage(List<Discrepancy> items, String next) {

    public DiscrepancyPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
