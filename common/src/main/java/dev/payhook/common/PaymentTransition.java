package dev.payhook.common;

import java.time.Instant;

/**
 * One status change on {@code payhook.payment-transitions} (key = paymentId), for downstream
 * systems that mark orders paid or cancelled, and the console's live updates.
 *
 * @param account the merchant account of the payment; null when none is known
 */
public record PaymentTransition(
        String paymentId,
        String orderId,
        PaymentStatus from,
        PaymentStatus to,
        String eventId,
        String source,
        Instant occurredAt,
        Instant transitionedAt,
        String account) {}
