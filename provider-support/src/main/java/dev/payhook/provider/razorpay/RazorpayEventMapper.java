package dev.payhook.provider.razorpay;

import static dev.payhook.provider.Payloads.integer;
import static dev.payhook.provider.Payloads.text;

import dev.payhook.common.DisputeStage;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.common.Sha256;
import dev.payhook.provider.EventMapper;
import dev.payhook.provider.Mapping;
import dev.payhook.provider.Payloads;
import dev.payhook.provider.WebhookRequest;
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
        Meaning meaning = meaning(eventType, payment, refund, dispute);
        if (meaning.type() == null) {
            return Mapping.unmappable("Razorpay " + eventType + ": " + meaning.reason());
        }
        PaymentEventType type = meaning.type();
        boolean aboutRefund = type == PaymentEventType.REFUNDED || type == PaymentEventType.REFUND_REVERSED;
        JsonNode entity = aboutRefund ? refund : type.isDispute() ? dispute : payment;
        String paymentId = entity == payment ? text(payment, "/id") : text(entity, "/payment_id");
        if (paymentId == null) {
            paymentId = text(payment, "/id");
        }
        if (paymentId == null) {
            return Mapping.unmappable("Razorpay " + eventType + " carries no payment id");
        }
        return Mapping.of(PaymentEvent.of(eventId(request.body()), type, paymentId)
                .from(request.source(), request.provider(), eventType)
                .account(text(event, "/account_id"))
                .orderId(text(payment, "/order_id"))
                .money(integer(entity, "/amount"), text(entity, "/currency"))
                .refundId(aboutRefund ? text(refund, "/id") : null)
                .disputeId(type.isDispute() ? text(dispute, "/id") : null)
                .times(Payloads.epochSeconds(integer(event, "/created_at")), request.receivedAt())
                .payload(event)
                .disputeStage(meaning.stage())
                .build());
    }

    /** What identifies one Razorpay event: its signed bytes, which every retry of it repeats. */
    static String eventId(byte[] signedBody) {
        return "sha256:" + Sha256.hex(signedBody).substring(0, 32);
    }

    record Meaning(PaymentEventType type, DisputeStage stage, String reason) {

        static Meaning as(PaymentEventType type) {
            return new Meaning(type, null, null);
        }

        static Meaning not(String reason) {
            return new Meaning(null, null, reason);
        }
    }

    /**
     * Razorpay's webhook events (razorpay.com/docs/webhooks/payments, /refunds, /disputes). A payment
     * event is read from the payment entity it carries, not its name: Razorpay's own sample sends
     * {@code payment.authorized} with a {@code captured} payment, and the entity is what is true.
     */
    static Meaning meaning(String eventType, JsonNode payment, JsonNode refund, JsonNode dispute) {
        if (eventType == null) {
            return Meaning.not("no event name");
        }
        if (eventType.startsWith("payment.dispute.")) {
            return dispute(eventType, dispute);
        }
        return switch (eventType) {
            case "payment.authorized", "payment.captured", "payment.failed", "order.paid" ->
                payment(eventType, payment);
            case "refund.processed" -> Meaning.as(PaymentEventType.REFUNDED);
            // A refund is created before it is processed and may still fail; only a processed one moved money.
            case "refund.created" ->
                "processed".equals(text(refund, "/status"))
                        ? Meaning.as(PaymentEventType.REFUNDED)
                        : Meaning.not("a created refund moves no money until it is processed (refund.processed)");
            // Razorpay could not process a refund: whatever it counted came back.
            case "refund.failed" -> Meaning.as(PaymentEventType.REFUND_REVERSED);
            case "refund.speed_changed" -> Meaning.not("an instant refund fell back to normal speed; no money moved");
            default -> Meaning.not("not a payment state change");
        };
    }

    private static Meaning payment(String eventType, JsonNode payment) {
        String status = text(payment, "/status");
        if (status == null) {
            status = switch (eventType) {
                case "payment.authorized" -> "authorized";
                case "payment.failed" -> "failed";
                default -> "captured";
            };
        }
        return switch (status) {
            case "created" -> Meaning.as(PaymentEventType.CREATED);
            case "authorized" -> Meaning.as(PaymentEventType.AUTHORIZED);
            // A refunded payment was captured first; its refunds arrive as refund.* events.
            case "captured", "refunded" -> Meaning.as(PaymentEventType.CAPTURED);
            case "failed" -> Meaning.as(PaymentEventType.FAILED);
            default -> Meaning.not("payment entity in status " + status);
        };
    }

    /**
     * A dispute at its phase (retrieval and fraud are inquiries; chargeback, pre-arbitration and
     * arbitration contest the money) and outcome. {@code closed} ends a fraud or retrieval dispute
     * with no chargeback: nothing was deducted unless {@code amount_deducted} says so.
     */
    private static Meaning dispute(String eventType, JsonNode dispute) {
        String phase = String.valueOf(text(dispute, "/phase"));
        boolean inquiry = phase.equals("retrieval") || phase.equals("fraud");
        Long deducted = integer(dispute, "/amount_deducted");
        return switch (eventType) {
            case "payment.dispute.created", "payment.dispute.under_review", "payment.dispute.action_required" ->
                new Meaning(
                        PaymentEventType.DISPUTE_OPENED, inquiry ? DisputeStage.INQUIRY : DisputeStage.OPENED, null);
            case "payment.dispute.won" -> new Meaning(PaymentEventType.DISPUTE_WON, DisputeStage.DECIDED_WON, null);
            case "payment.dispute.lost" -> new Meaning(PaymentEventType.DISPUTE_LOST, DisputeStage.DECIDED_LOST, null);
            case "payment.dispute.closed" ->
                deducted != null && deducted > 0
                        ? new Meaning(PaymentEventType.DISPUTE_LOST, DisputeStage.DECIDED_LOST, null)
                        : new Meaning(
                                PaymentEventType.DISPUTE_WON,
                                inquiry ? DisputeStage.INQUIRY_CLOSED : DisputeStage.DECIDED_WON,
                                null);
            default -> Meaning.not("not a dispute state change");
        };
    }
}
