package dev.payhook.ingress.provider.razorpay;

import static dev.payhook.ingress.provider.Payloads.integer;
import static dev.payhook.ingress.provider.Payloads.text;

import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.common.Sha256;
import dev.payhook.ingress.provider.EventMapper;
import dev.payhook.ingress.provider.Mapping;
import dev.payhook.ingress.provider.Payloads;
import dev.payhook.ingress.provider.WebhookRequest;
import tools.jackson.databind.JsonNode;

/**
 * Razorpay webhooks to canonical events. The payment is {@code payload.payment.entity.id}
 * ({@code payment_id} of refund and dispute entities). Amounts are already in minor units.
 *
 * <p>The event id is derived from the signed body, not taken from {@code X-Razorpay-Event-Id}:
 * Razorpay signs the body only (razorpay.com/docs/webhooks/validate-test), so the header can be
 * changed by anyone who captured one delivery, and one replayed body would count as a new event
 * under every new header value. Razorpay's retries resend the same body, so the derived id is as
 * stable across retries as the header. The header must still be present, as Razorpay sends it.
 */
public final class RazorpayEventMapper implements EventMapper {

    static final String EVENT_ID_HEADER = "X-Razorpay-Event-Id";

    @Override
    public Mapping map(WebhookRequest request) {
        JsonNode event = Payloads.parseObject(request.body());
        if (event == null) {
            return Mapping.unmappable("body is not a JSON object");
        }
        String eventId = request.header(EVENT_ID_HEADER);
        if (eventId == null || eventId.isBlank()) {
            return Mapping.unmappable("missing " + EVENT_ID_HEADER + " header");
        }
        String eventType = text(event, "/event");
        JsonNode payment = event.at("/payload/payment/entity");
        JsonNode refund = event.at("/payload/refund/entity");
        JsonNode dispute = event.at("/payload/dispute/entity");
        PaymentEventType type = type(eventType);
        if (type == null) {
            return Mapping.unmappable("Razorpay event " + eventType + " is not a payment state change");
        }
        JsonNode entity = type == PaymentEventType.REFUNDED ? refund : type.isDispute() ? dispute : payment;
        String paymentId = entity == payment ? text(payment, "/id") : text(entity, "/payment_id");
        if (paymentId == null) {
            paymentId = text(payment, "/id");
        }
        if (paymentId == null) {
            return Mapping.unmappable("Razorpay " + eventType + " carries no payment id");
        }
        return Mapping.of(new PaymentEvent(
                eventId(request.body()),
                request.source(),
                request.provider(),
                eventType,
                type,
                paymentId,
                text(payment, "/order_id"),
                integer(entity, "/amount"),
                text(entity, "/currency"),
                type == PaymentEventType.REFUNDED ? text(refund, "/id") : null,
                type.isDispute() ? text(dispute, "/id") : null,
                null,
                Payloads.epochSeconds(integer(event, "/created_at")),
                request.receivedAt(),
                event));
    }

    /** What identifies one Razorpay event: its signed bytes, which every retry of it repeats. */
    static String eventId(byte[] signedBody) {
        return "sha256:" + Sha256.hex(signedBody).substring(0, 32);
    }

    /** refund.created is not mapped: the refund may still fail; refund.processed says it moved money. */
    static PaymentEventType type(String eventType) {
        if (eventType == null) {
            return null;
        }
        return switch (eventType) {
            case "payment.authorized" -> PaymentEventType.AUTHORIZED;
            case "payment.captured" -> PaymentEventType.CAPTURED;
            case "payment.failed" -> PaymentEventType.FAILED;
            case "refund.processed" -> PaymentEventType.REFUNDED;
            case "payment.dispute.created" -> PaymentEventType.DISPUTE_OPENED;
            case "payment.dispute.won" -> PaymentEventType.DISPUTE_WON;
            case "payment.dispute.lost" -> PaymentEventType.DISPUTE_LOST;
            default -> null;
        };
    }
}
