package dev.payhook.common.api;

import dev.payhook.common.DiscrepancyStatus;
import dev.payhook.common.DiscrepancyType;

/**
 * The reconciler's HTTP queries that other services read (the ingress's recovery job, today), with
 * their response types: {@link #DISCREPANCY_PAGE} answers a {@link DiscrepancyPage}.
 */
public final class ReconcilerApi {

    public static final String DISCREPANCY_PAGE = "/reconciliation/discrepancies/page";

    private ReconcilerApi() {}

    /** {@link #DISCREPANCY_PAGE} with its query: the first {@code limit} of a status and type, in an order. */
    public static String discrepancyPage(
            DiscrepancyStatus status, DiscrepancyType type, boolean newestFirst, int limit) {
        return DISCREPANCY_PAGE + "?status=" + status + "&type=" + type + "&order="
                + (newestFirst ? "newest" : "oldest") + "&limit=" + limit;
    }
}
