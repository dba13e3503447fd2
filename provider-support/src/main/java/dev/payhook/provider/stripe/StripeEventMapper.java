package dev.payhook.provider.stripe;

import static dev.payhook.provider.Payloads.integer;
import static dev.payhook.provider.Payloads.text;

import dev.payhook.common.DisputeStage;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.provider.EventMapper;
import dev.payhook.provider.Mapping;
import dev.payhook.provider.Payloads;
import dev.payhook.provider.WebhookRequest;
import tools.jackson.databind.JsonNode;

/**
 * Stripe Event objects to canonical events. The payment is the PaymentIntent: {@code data.object.id}
 * for {@code payment_intent.*}, {@code data.object.payment_intent} for charges, refunds and
 * disputes; a charge made with the Charges API has no PaymentIntent, and then the charge is the
 * payment ({@code data.object.id} of a charge, {@code data.object.charge} of its refunds and
 * disputes). Stripe amounts are already integers in the currency's smallest unit. Every payment
 * event type Stripe documents (docs.stripe.com/api/events/types) is mapped here or named with the
 * reason it moves no money.
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
        if (REPORT_RUN_SUCCEEDED.equals(eventType)) {
            return reportRun(request, eventId, object);
        }
        Classified classified = classify(eventType, object);
        if (classified.type() == null) {
            return Mapping.unmappable(classified.reason());
        }
        String paymentId = paymentId(eventType, object);
        if (paymentId == null) {
            return Mapping.unmappable("Stripe " + eventType + " carries no payment_intent or charge id");
        }
        return Mapping.of(PaymentEvent.of(eventId, classified.type(), paymentId)
                .from(request.source(), request.provider(), eventType)
                // A Connect platform receives its connected accounts' events with the account named.
                .account(text(event, "/account"))
                .orderId(orderId(object))
                .money(classified.amount(), text(object, "/currency"))
                .refundId(classified.refundId())
                .disputeId(classified.disputeId())
                .captureId(classified.chargeId())
                .times(Payloads.epochSeconds(integer(event, "/created")), request.receivedAt())
                .payload(event)
                .disputeStage(classified.stage())
                .build());
    }

    static final String REPORT_RUN_SUCCEEDED = "reporting.report_run.succeeded";

    /**
     * A report run that finished (docs.stripe.com/reports/api): its file is {@code result.url} on
     * Stripe's Files API, for the interval in {@code parameters}. The collector downloads it.
     */
    private static Mapping reportRun(WebhookRequest request, String eventId, JsonNode run) {
        String runId = text(run, "/id");
        String url = text(run, "/result/url");
        if (runId == null || url == null) {
            return Mapping.unmappable("Stripe " + REPORT_RUN_SUCCEEDED + " without a report run id or result url");
        }
        return Mapping.announcing(new dev.payhook.common.ReportAnnouncement(
                request.source(),
                request.provider(),
                runId,
                text(run, "/report_type"),
                url,
                Payloads.epochSeconds(integer(run, "/parameters/interval_start")),
                Payloads.epochSeconds(integer(run, "/parameters/interval_end")),
                eventId,
                request.receivedAt()));
    }

    /** The PaymentIntent, else (Charges API) the charge the object is or belongs to. */
    private static String paymentId(String eventType, JsonNode object) {
        if (eventType.startsWith("payment_intent.")) {
            return text(object, "/id");
        }
        String intent = text(object, "/payment_intent");
        if (intent != null) {
            return intent;
        }
        return "charge".equals(text(object, "/object")) ? text(object, "/id") : text(object, "/charge");
    }

    /**
     * @param chargeId the charge a capture, or a charge's refunded total, is about
     */
    private record Classified(
            PaymentEventType type,
            Long amount,
            String refundId,
            String disputeId,
            String chargeId,
            DisputeStage stage,
            String reason) {

        static Classified as(PaymentEventType type, Long amount) {
            return new Classified(type, amount, null, null, null, null, null);
        }

        static Classified onCharge(PaymentEventType type, Long amount, String chargeId) {
            return new Classified(type, amount, null, null, chargeId, null, null);
        }

        static Classified not(String reason) {
            return new Classified(null, null, null, null, null, null, reason);
        }
    }

    private static Classified classify(String eventType, JsonNode object) {
        return switch (eventType) {
            // Waiting on the customer or the bank: no money has moved yet.
            case "payment_intent.created",
                    "payment_intent.processing",
                    "payment_intent.requires_action",
                    "payment_intent.partially_funded",
                    "charge.pending" -> Classified.as(PaymentEventType.CREATED, integer(object, "/amount"));
            case "payment_intent.amount_capturable_updated" ->
                Classified.as(PaymentEventType.AUTHORIZED, integer(object, "/amount_capturable"));
            // The PaymentIntent's amount_received is the payment's total so far: it names no capture.
            case "payment_intent.succeeded" ->
                Classified.as(PaymentEventType.CAPTURED, integer(object, "/amount_received"));
            case "payment_intent.payment_failed" -> Classified.as(PaymentEventType.FAILED, integer(object, "/amount"));
            case "payment_intent.canceled" -> Classified.as(PaymentEventType.CANCELED, integer(object, "/amount"));
            // A charge with captured=false is an authorization held for a later manual capture. A
            // capture on a charge names that charge: its amount_captured is what that charge captured
            // so far (every partial capture of a multicapture charge raises it).
            case "charge.succeeded" ->
                object.path("captured").asBoolean(false)
                        ? Classified.onCharge(
                                PaymentEventType.CAPTURED, integer(object, "/amount_captured"), text(object, "/id"))
                        : Classified.as(PaymentEventType.AUTHORIZED, integer(object, "/amount"));
            case "charge.captured" ->
                Classified.onCharge(
                        PaymentEventType.CAPTURED, integer(object, "/amount_captured"), text(object, "/id"));
            case "charge.failed" -> Classified.as(PaymentEventType.FAILED, integer(object, "/amount"));
            // An uncaptured charge's authorization lapsed: released, as a cancellation releases it.
            case "charge.expired" -> Classified.as(PaymentEventType.CANCELED, integer(object, "/amount"));
            // Since API version 2022-11-15 a charge no longer embeds its refunds, so its running
            // amount_refunded is what it says; the processor merges it with refunds named by refund.* events.
            case "charge.refunded" ->
                Classified.onCharge(
                        PaymentEventType.REFUNDED, integer(object, "/amount_refunded"), text(object, "/id"));
            case "refund.created", "refund.updated", "refund.failed", "charge.refund.updated" ->
                refund(object, eventType);
            case "charge.dispute.created",
                    "charge.dispute.updated",
                    "charge.dispute.closed",
                    "charge.dispute.funds_withdrawn",
                    "charge.dispute.funds_reinstated" -> dispute(object, eventType);
            default -> Classified.not("Stripe event type " + eventType + " is not a payment state change");
        };
    }

    /**
     * A succeeded refund moved money; one that is failed or canceled afterwards came back (a refund
     * that failed before succeeding undoes nothing the processor counted). A pending refund moves no
     * money until it succeeds.
     */
    private static Classified refund(JsonNode refund, String eventType) {
        String status = String.valueOf(text(refund, "/status"));
        PaymentEventType type =
                switch (status) {
                    case "succeeded" -> PaymentEventType.REFUNDED;
                    case "failed", "canceled" -> PaymentEventType.REFUND_REVERSED;
                    default -> null;
                };
        if (type == null) {
            return Classified.not(
                    "Stripe " + eventType + " for a refund in status " + status + ": no money moves until it succeeds");
        }
        return new Classified(type, integer(refund, "/amount"), text(refund, "/id"), null, null, null, null);
    }

    /**
     * A dispute at the stage its status says (docs.stripe.com/disputes/how-disputes-work): an inquiry
     * ({@code warning_*}), a chargeback being contested, won or lost. Funds withdrawn at the start of a
     * chargeback leave it open; funds reinstated are a reversal.
     */
    private static Classified dispute(JsonNode dispute, String eventType) {
        String status = String.valueOf(text(dispute, "/status"));
        Classified stage = "charge.dispute.funds_reinstated".equals(eventType)
                ? disputeAt(PaymentEventType.DISPUTE_WON, DisputeStage.CHARGEBACK_REVERSED, dispute)
                : switch (status) {
                    case "warning_needs_response", "warning_under_review" ->
                        disputeAt(PaymentEventType.DISPUTE_OPENED, DisputeStage.INQUIRY, dispute);
                    // An inquiry that never became a chargeback: the merchant keeps the funds.
                    case "warning_closed" ->
                        disputeAt(PaymentEventType.DISPUTE_WON, DisputeStage.INQUIRY_CLOSED, dispute);
                    case "needs_response", "under_review" ->
                        disputeAt(PaymentEventType.DISPUTE_OPENED, DisputeStage.OPENED, dispute);
                    case "won" -> disputeAt(PaymentEventType.DISPUTE_WON, DisputeStage.DECIDED_WON, dispute);
                    case "lost" -> disputeAt(PaymentEventType.DISPUTE_LOST, DisputeStage.DECIDED_LOST, dispute);
                    default -> Classified.not("Stripe " + eventType + " for a dispute in status " + status);
                };
        return stage;
    }

    private static Classified disputeAt(PaymentEventType type, DisputeStage stage, JsonNode dispute) {
        return new Classified(type, integer(dispute, "/amount"), null, text(dispute, "/id"), null, stage, null);
    }

    private static String orderId(JsonNode object) {
        String orderId = text(object, "/metadata/order_id");
        return orderId != null ? orderId : text(object, "/metadata/orderId");
    }
}
