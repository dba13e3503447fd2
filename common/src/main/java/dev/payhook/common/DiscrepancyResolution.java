package dev.payhook.common;

import java.time.Instant;

/**
 * An operator's decision that a discrepancy needs no further action, on
 * {@code payhook.discrepancy-resolutions} (key = paymentId, so it reaches the task that owns the
 * payment's reconciliation and is applied in order with its evidence).
 */
public record DiscrepancyResolution(
        String discrepancyId,
        String paymentId,
        String note,
        String operator,
        Instant resolvedAt) {
}
