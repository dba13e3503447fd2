package dev.payhook.common;

import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The canonical payment event on {@code payhook.webhooks}, key = {@link #paymentId()}.
 *
 * @param eventId           the provider's id for this delivery's event: the idempotency key
 * @param source            the configured webhook source it arrived on
 * @param provider          the provider scheme of that source ({@code stripe}, {@code adyen}…)
 * @param providerEventType the provider's own name for the event ({@code payment_intent.succeeded})
 * @param amount            minor units of {@link #currency()}; for refunds and disputes, the
 *                          refunded or disputed amount; null when the provider sent none
 * @param refundId          set on {@code payment.refunded}: refunds accumulate by this id
 * @param disputeId         set on dispute events
 * @param captureId         the provider's id of the capture an event is about, when it names one
 *                          (Adyen's {@code CAPTURE_FAILED} says which capture failed)
 * @param payload           the provider's raw JSON for this event
 * @param disputeStage      on dispute events, how far the dispute has gone, where the provider says
 *                          (Adyen's event codes, Stripe's dispute statuses); null reads as
 *                          {@link DisputeStage#of the stage its type stands for}
 * @param delivery          how it reached payhook: {@link #PUSH} (a webhook), {@link #POLL} (the recovery
 *                          job asked the provider's API), {@link #REQUEUE} (released from quarantine);
 *                          records written before it existed read as {@code push}
 */
public record PaymentEvent(
        String eventId,
        String source,
        String provider,
        String providerEventType,
        PaymentEventType type,
        String paymentId,
        String orderId,
        Long amount,
        String currency,
        String refundId,
        String disputeId,
        String captureId,
        Instant occurredAt,
        Instant receivedAt,
        JsonNode payload,
        String delivery,
        DisputeStage disputeStage) {

    public static final String PUSH = "push";
    public static final String POLL = "poll";
    public static final String REQUEUE = "requeue";

    /** An event as a webhook delivered it. */
    public PaymentEvent(
            String eventId,
            String source,
            String provider,
            String providerEventType,
            PaymentEventType type,
            String paymentId,
            String orderId,
            Long amount,
            String currency,
            String refundId,
            String disputeId,
            String captureId,
            Instant occurredAt,
            Instant receivedAt,
            JsonNode payload) {
        this(
                eventId,
                source,
                provider,
                providerEventType,
                type,
                paymentId,
                orderId,
                amount,
                currency,
                refundId,
                disputeId,
                captureId,
                occurredAt,
                receivedAt,
                payload,
                PUSH,
                null);
    }

    /** The same event, as it reached payhook another way. */
    public PaymentEvent deliveredBy(String how) {
        return copy(how, disputeStage);
    }

    /** The same event, at the dispute stage its provider named. */
    public PaymentEvent atDisputeStage(DisputeStage stage) {
        return copy(delivery, stage);
    }

    private PaymentEvent copy(String delivery, DisputeStage stage) {
        return new PaymentEvent(
                eventId,
                source,
                provider,
                providerEventType,
                type,
                paymentId,
                orderId,
                amount,
                currency,
                refundId,
                disputeId,
                captureId,
                occurredAt,
                receivedAt,
                payload,
                delivery,
                stage);
    }

    /** How far the dispute this event is about has gone; null unless it is a dispute event. */
    public DisputeStage stageOfDispute() {
        if (!type.isDispute()) {
            return null;
        }
        return disputeStage != null ? disputeStage : DisputeStage.of(type);
    }

    public PaymentEvent {
        delivery = delivery == null ? PUSH : delivery;
        if (!delivery.equals(PUSH) && !delivery.equals(POLL) && !delivery.equals(REQUEUE)) {
            throw new IllegalArgumentException(
                    "delivery must be push, poll or requeue, not " + Money.abbreviate(delivery));
        }
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(paymentId, "paymentId");
        Identifiers.bounded("eventId", eventId);
        Identifiers.bounded("paymentId", paymentId);
        Identifiers.bounded("orderId", orderId);
        Identifiers.bounded("refundId", refundId);
        Identifiers.bounded("disputeId", disputeId);
        Identifiers.bounded("captureId", captureId);
        Identifiers.bounded("providerEventType", providerEventType);
        if (currency != null) {
            currency = Money.normalizeCurrency(currency);
        }
        if (disputeStage != null && !type.isDispute()) {
            throw new IllegalArgumentException("only dispute events have a dispute stage, not " + type);
        }
        if (amount != null && amount < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
    }
}
