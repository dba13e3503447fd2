package dev.payhook.common;

import java.time.Instant;

/**
 * One capture of a payment that names its captures (Adyen's {@code CAPTURE} pspReference, a
 * Stripe charge): the money it moved and when. Deliveries of the same capture merge into one.
 *
 * @param amount     minor units captured; a later delivery saying more (a Stripe charge's running
 *                   {@code amount_captured}) raises it
 * @param capturedAt the earliest time any delivery of it gave, null if none gave one
 */
public record Capture(long amount, Instant capturedAt) {

    /** The same capture, as told by two deliveries: order-independent and idempotent. */
    public Capture merge(Capture other) {
        Instant at = capturedAt == null
                ? other.capturedAt
                : other.capturedAt == null || capturedAt.isBefore(other.capturedAt) ? capturedAt : other.capturedAt;
        return new Capture(Math.max(amount, other.amount), at);
    }
}
