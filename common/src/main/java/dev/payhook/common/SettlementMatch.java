package dev.payhook.common;

import java.time.Instant;

/**
 * A settlement line that agreed with the payment state, on {@code payhook.matches} (key = paymentId).
 *
 * @param account the merchant account of the payment; null when none is known
 */
public record SettlementMatch(
        String paymentId,
        String reference,
        SettlementKind kind,
        long amount,
        String currency,
        String batchId,
        Instant matchedAt,
        String account) {}
