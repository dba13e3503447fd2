package dev.payhook.provider.adyen;

import static dev.payhook.provider.Payloads.integer;
import static dev.payhook.provider.Payloads.text;

import dev.payhook.common.DisputeStage;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.common.ReportAnnouncement;
import dev.payhook.provider.EventMapper;
import dev.payhook.provider.Mapping;
import dev.payhook.provider.Payloads;
import dev.payhook.provider.WebhookRequest;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Each NotificationRequestItem becomes one event. Adyen has no event id, so it is derived from
 * what identifies a notification: {@code pspReference:eventCode:success}. The payment is the
 * {@code originalReference} of modifications (capture, refund, dispute…), else the item's own
 * pspReference. Every payment event code Adyen documents
 * (docs.adyen.com/development-resources/webhooks/webhook-types,
 * docs.adyen.com/risk-management/disputes-api/dispute-notifications)
 * is mapped here or named with the reason it moves no money.
 */
public final class AdyenNotificationMapper implements EventMapper {

    @Override
    public Mapping map(WebhookRequest request) {
        JsonNode notification = Payloads.parseObject(request.body());
        List<PaymentEvent> events = new ArrayList<>();
        List<String> unmappable = new ArrayList<>();
        List<ReportAnnouncement> announcements = new ArrayList<>();
        int index = 0;
        for (JsonNode wrapper : notification.path("notificationItems")) {
            JsonNode item = wrapper.path("NotificationRequestItem");
            String eventCode = text(item, "/eventCode");
            String psp = text(item, "/pspReference");
            boolean success = "true".equalsIgnoreCase(text(item, "/success"));
            Meaning meaning = meaning(eventCode, success, item);
            String where = "notificationItems[" + index + "]: Adyen " + eventCode + " success=" + success;
            if (psp == null) {
                unmappable.add(where + " without pspReference");
            } else if (REPORT_AVAILABLE.equals(eventCode) && success) {
                announcements.add(report(request, item, psp));
            } else if (meaning.type() == null) {
                unmappable.add(where + ": " + meaning.reason());
            } else {
                events.add(event(request, item, eventCode, psp, success, meaning));
            }
            index++;
        }
        return new Mapping(events, unmappable, announcements);
    }

    static final String REPORT_AVAILABLE = "REPORT_AVAILABLE";

    /**
     * Adyen's word that a report was generated (docs.adyen.com, "Automatically get reports"): its file
     * name is the {@code pspReference}, its download URL the {@code reason}. The kind is the file name
     * without its batch or date suffix, e.g. {@code settlement_detail_report} of
     * {@code settlement_detail_report_batch_12.csv}.
     */
    private static ReportAnnouncement report(WebhookRequest request, JsonNode item, String fileName) {
        String kind = fileName.replaceFirst("(_batch)?_[0-9_-]+\\.csv$", "").replaceFirst("\\.csv$", "");
        return new ReportAnnouncement(
                request.source(),
                request.provider(),
                fileName,
                kind,
                text(item, "/reason"),
                null,
                null,
                fileName + ":" + REPORT_AVAILABLE,
                request.receivedAt());
    }

    private static PaymentEvent event(
            WebhookRequest request, JsonNode item, String eventCode, String psp, boolean success, Meaning meaning) {
        PaymentEventType type = meaning.type();
        String original = text(item, "/originalReference");
        String paymentId = original != null ? original : psp;
        return PaymentEvent.of(psp + ":" + eventCode + ":" + success, type, paymentId)
                .from(request.source(), request.provider(), eventCode)
                .account(text(item, "/merchantAccountCode"))
                .orderId(text(item, "/merchantReference"))
                .money(integer(item, "/amount/value"), text(item, "/amount/currency"))
                .refundId(refundId(eventCode, type, psp))
                .disputeId(type.isDispute() ? disputeId(item, paymentId) : null)
                .captureId(isCapture(eventCode) ? psp : null)
                .times(Payloads.instant(text(item, "/eventDate")), request.receivedAt())
                .payload(item)
                .disputeStage(meaning.stage())
                .build();
    }

    /**
     * A refund names itself; a failed refund (REFUND_FAILED) carries the refund's pspReference. A
     * refund the bank returned (REFUNDED_REVERSED) or a voided pending refund has a pspReference of
     * its own and names no refund: it undoes a refund of its amount.
     */
    private static String refundId(String eventCode, PaymentEventType type, String psp) {
        if (type == PaymentEventType.REFUNDED) {
            return psp;
        }
        return type == PaymentEventType.REFUND_REVERSED && "REFUND_FAILED".equals(eventCode) ? psp : null;
    }

    /**
     * Every stage of one dispute is a notification with a pspReference of its own, so the dispute is
     * the payment's (Adyen runs one dispute cycle per payment), or the dispute reference when Adyen
     * gives one.
     */
    private static String disputeId(JsonNode item, String paymentId) {
        String dispute = text(item, "/additionalData/disputePspReference");
        return dispute != null ? dispute : paymentId;
    }

    /** A capture and its failure carry the capture's own pspReference; the payment's is originalReference. */
    private static boolean isCapture(String eventCode) {
        return "CAPTURE".equals(eventCode) || "CAPTURE_FAILED".equals(eventCode);
    }

    /** What an item means for the payment: a canonical type (and dispute stage), or why it has none. */
    record Meaning(PaymentEventType type, DisputeStage stage, String reason) {

        static Meaning as(PaymentEventType type) {
            return new Meaning(type, null, null);
        }

        static Meaning dispute(PaymentEventType type, DisputeStage stage) {
            return new Meaning(type, stage, null);
        }

        static Meaning not(String reason) {
            return new Meaning(null, null, reason);
        }
    }

    /**
     * A modification with success=false was refused and changed nothing, except an authorisation,
     * whose refusal is the payment failing (docs.adyen.com/development-resources/webhooks/webhook-types).
     */
    static Meaning meaning(String eventCode, boolean success, JsonNode item) {
        if (eventCode == null) {
            return Meaning.not("no eventCode");
        }
        Meaning refused = Meaning.not("refused (success=false): nothing changed, no money moved");
        return switch (eventCode) {
            case "AUTHORISATION" -> Meaning.as(success ? PaymentEventType.AUTHORIZED : PaymentEventType.FAILED);
            // The authorised amount was raised or lowered; payhook keeps the largest authorised amount.
            case "AUTHORISATION_ADJUSTMENT" -> success ? Meaning.as(PaymentEventType.AUTHORIZED) : refused;
            case "CAPTURE" -> success ? Meaning.as(PaymentEventType.CAPTURED) : refused;
            // Sent after a successful CAPTURE when the scheme later rejects it: the money did not move
            // (docs.adyen.com/online-payments/capture#failed-capture). A failure of that capture id.
            case "CAPTURE_FAILED" -> Meaning.as(PaymentEventType.FAILED);
            // An authorisation that expired releases what was not captured, as a cancellation does.
            case "CANCELLATION", "TECHNICAL_CANCEL", "EXPIRE" ->
                success ? Meaning.as(PaymentEventType.CANCELED) : refused;
            case "CANCEL_OR_REFUND" -> success ? cancelOrRefund(item) : refused;
            // REFUND_WITH_DATA is an unreferenced refund: money out, keyed by its own pspReference.
            case "REFUND", "REFUND_WITH_DATA" -> success ? Meaning.as(PaymentEventType.REFUNDED) : refused;
            // The scheme rejected a refund after Adyen accepted it, the bank returned a refund, or a
            // pending refund was voided: the refunded money came back.
            case "REFUND_FAILED", "REFUNDED_REVERSED" -> Meaning.as(PaymentEventType.REFUND_REVERSED);
            case "VOID_PENDING_REFUND" -> success ? Meaning.as(PaymentEventType.REFUND_REVERSED) : refused;
            case "REQUEST_FOR_INFORMATION" -> Meaning.dispute(PaymentEventType.DISPUTE_OPENED, DisputeStage.INQUIRY);
            case "NOTIFICATION_OF_CHARGEBACK" -> Meaning.dispute(PaymentEventType.DISPUTE_OPENED, DisputeStage.OPENED);
            case "CHARGEBACK" -> Meaning.dispute(PaymentEventType.DISPUTE_LOST, DisputeStage.CHARGEBACK);
            case "CHARGEBACK_REVERSED" ->
                Meaning.dispute(PaymentEventType.DISPUTE_WON, DisputeStage.CHARGEBACK_REVERSED);
            case "SECOND_CHARGEBACK" -> Meaning.dispute(PaymentEventType.DISPUTE_LOST, DisputeStage.SECOND_CHARGEBACK);
            case "PREARBITRATION_WON" -> Meaning.dispute(PaymentEventType.DISPUTE_WON, DisputeStage.DECIDED_WON);
            case "PREARBITRATION_LOST" -> Meaning.dispute(PaymentEventType.DISPUTE_LOST, DisputeStage.DECIDED_LOST);
            case "INFORMATION_SUPPLIED" ->
                Meaning.not(
                        "the merchant supplied defence documents; the dispute's money does not move until a decision");
            case "DISPUTE_DEFENSE_PERIOD_ENDED" ->
                Meaning.not("the defence period ended; the dispute's money does not move until a decision");
            case "MANUAL_REVIEW_ACCEPT" -> Meaning.as(PaymentEventType.AUTHORIZED);
            case "MANUAL_REVIEW_REJECT" -> Meaning.as(PaymentEventType.FAILED);
            case "PENDING" -> Meaning.as(PaymentEventType.CREATED);
            // The shopper never completed the payment (an iDEAL or bank transfer left open): it can no longer complete.
            case "OFFER_CLOSED" -> success ? Meaning.as(PaymentEventType.CANCELED) : refused;
            default -> Meaning.not("not a payment state change");
        };
    }

    /**
     * Adyen cancels an uncaptured payment and refunds a captured one; the item says which in
     * {@code additionalData["modification.action"]} ({@code cancel} or {@code refund}).
     */
    private static Meaning cancelOrRefund(JsonNode item) {
        String action = text(item, "/additionalData/modification.action");
        if ("refund".equalsIgnoreCase(action)) {
            return Meaning.as(PaymentEventType.REFUNDED);
        }
        if ("cancel".equalsIgnoreCase(action)) {
            return Meaning.as(PaymentEventType.CANCELED);
        }
        return Meaning.not("additionalData has no modification.action saying whether it canceled or refunded");
    }
}
