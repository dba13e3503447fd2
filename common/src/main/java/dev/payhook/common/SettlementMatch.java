package dev.payhook.common;

import java.time.Instant;

/** A settlement line that agreed with the payment state, on {@code payhook.matches} (key = paymentId). */
public record SettlementMatch(
        String paymentId,
        String reference,
        SettlementKind kind,
        long amount,
        String currency,
        String batchId,
        Instant matchedAt) {}
