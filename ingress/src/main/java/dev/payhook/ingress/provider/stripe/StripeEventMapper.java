package dev.payhook.ingress.provider.stripe;

import static dev.payhook.ingress.provider.Payloads.integer;
import static dev.payhook.ingress.provider.Payloads.text;

import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.ingress.provider.EventMapper;
import dev.payhook.ingress.provider.Mapping;
import dev.payhook.ingress.provider.Payloads;
import dev.payhook.ingress.provider.WebhookRequest;
import tools.jackson.databind.JsonNode;

/**
 * Stripe Event objects to canonical events. The payment is the PaymentIntent: {@code data.object.id}
 * for {@code payment_intent.*}, {@code data.object.payment_intent} for charges, refunds and
 * disputes. Stripe amounts are already integers in the currency's smallest unit.
 */
public final class StripeEventMapper implements EventMapper {

    @Override
    public Mapping map(WebhookRequest request) {
        JsonNode event = Payloads.parseObject(request.body());
        if (event == null) {
            return Mapping.unmappable("body is not a JSON object");
        }
        String eventId = text(event, "/id");
        String eventType = text(event, "/type");
        if (eventId == null || eventType == null) {
            return Mapping.unmappable("Stripe event has no id or type");
        }
        JsonNode object = event.at("/data/object");
        Classified classified = classify(eventType, object);
        if (classified.type() == null) {
            return Mapping.unmappable(classified.reason());
        }
        String paymentId =
                eventType.startsWith("payment_intent.") ? text(object, "/id") : text(object, "/payment_intent");
        if (paymentId == null) {
            return Mapping.unmappable("Stripe " + eventType + " carries no payment_intent id");
        }
        return Mapping.of(new PaymentEvent(
                eventId,
                request.source(),
                request.provider(),
                eventType,
                classified.type(),
                paymentId,
                orderId(object),
                classified.amount(),
                text(object, "/currency"),
                classified.refundId(),
                classified.disputeId(),
                captureId(eventType, classified, object),
                Payloads.epochSeconds(integer(event, "/created")),
                request.receivedAt(),
                event));
    }

    private record Classified(PaymentEventType type, Long amount, String refundId, String disputeId, String reason) {

        static Classified as(PaymentEventType type, Long amount) {
            return new Classified(type, amount, null, null, null);
        }

        static Classified not(String reason) {
            return new Classified(null, null, null, null, reason);
        }
    }

    private static Classified classify(String eventType, JsonNode object) {
        return switch (eventType) {
            case "payment_intent.created" -> Classified.as(PaymentEventType.CREATED, integer(object, "/amount"));
            case "payment_intent.amount_capturable_updated" ->
                Classified.as(PaymentEventType.AUTHORIZED, integer(object, "/amount_capturable"));
            case "payment_intent.succeeded" ->
                Classified.as(PaymentEventType.CAPTURED, integer(object, "/amount_received"));
            case "payment_intent.payment_failed" -> Classified.as(PaymentEventType.FAILED, integer(object, "/amount"));
            case "payment_intent.canceled" -> Classified.as(PaymentEventType.CANCELED, integer(object, "/amount"));
            // A charge with captured=false is an authorization held for a later manual capture.
            case "charge.succeeded" ->
                object.path("captured").asBoolean(false)
                        ? Classified.as(PaymentEventType.CAPTURED, integer(object, "/amount_captured"))
                        : Classified.as(PaymentEventType.AUTHORIZED, integer(object, "/amount"));
            case "charge.captured" -> Classified.as(PaymentEventType.CAPTURED, integer(object, "/amount_captured"));
            case "charge.failed" -> Classified.as(PaymentEventType.FAILED, integer(object, "/amount"));
            case "refund.created", "refund.updated", "charge.refund.updated" -> refund(object, eventType);
            case "charge.refunded" -> latestRefundOfCharge(object);
            case "charge.dispute.created" -> dispute(PaymentEventType.DISPUTE_OPENED, object);
            case "charge.dispute.closed" ->
                switch (String.valueOf(text(object, "/status"))) {
                    // warning_closed: an inquiry that never became a chargeback, the merchant keeps the funds.
                    case "won", "warning_closed" -> dispute(PaymentEventType.DISPUTE_WON, object);
                    case "lost" -> dispute(PaymentEventType.DISPUTE_LOST, object);
                    default -> Classified.not("Stripe dispute closed with status " + text(object, "/status"));
                };
            default -> Classified.not("Stripe event type " + eventType + " is not a payment state change");
        };
    }

    /** Only a succeeded refund moves money; pending and failed ones are kept in quarantine for review. */
    private static Classified refund(JsonNode refund, String eventType) {
        if (!"succeeded".equals(text(refund, "/status"))) {
            return Classified.not("Stripe " + eventType + " for a refund in status " + text(refund, "/status"));
        }
        return new Classified(PaymentEventType.REFUNDED, integer(refund, "/amount"), text(refund, "/id"), null, null);
    }

    /**
     * Since API version 2022-11-15 a charge no longer embeds its refunds; then the refund.* events
     * carry them and this one has nothing we could count without double-counting.
     */
    private static Classified latestRefundOfCharge(JsonNode charge) {
        JsonNode refunds = charge.at("/refunds/data");
        if (!refunds.isArray() || refunds.isEmpty()) {
            return Classified.not("Stripe charge.refunded without embedded refunds: subscribe to refund.* events");
        }
        return refund(refunds.get(0), "charge.refunded");
    }

    private static Classified dispute(PaymentEventType type, JsonNode dispute) {
        return new Classified(type, integer(dispute, "/amount"), null, text(dispute, "/id"), null);
    }

    /**
     * A capture reported on a charge names that charge: its {@code amount_captured} is what that
     * charge captured so far (every partial capture of a multicapture charge raises it), so each
     * charge counts once at its largest. The PaymentIntent's {@code amount_received} names no
     * capture: it is the payment's total so far.
     */
    private static String captureId(String eventType, Classified classified, JsonNode object) {
        return classified.type() == PaymentEventType.CAPTURED && eventType.startsWith("charge.")
                ? text(object, "/id")
                : null;
    }

    private static String orderId(JsonNode object) {
        String orderId = text(object, "/metadata/order_id");
        return orderId != null ? orderId : text(object, "/metadata/orderId");
    }
}
