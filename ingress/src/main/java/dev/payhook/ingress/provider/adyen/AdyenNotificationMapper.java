package dev.payhook.ingress.provider.adyen;

import static dev.payhook.ingress.provider.Payloads.integer;
import static dev.payhook.ingress.provider.Payloads.text;

import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.ingress.provider.EventMapper;
import dev.payhook.ingress.provider.Mapping;
import dev.payhook.ingress.provider.Payloads;
import dev.payhook.ingress.provider.WebhookRequest;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Each NotificationRequestItem becomes one event. Adyen has no event id, so it is derived from
 * what identifies a notification: {@code pspReference:eventCode:success}. The payment is the
 * {@code originalReference} of modifications (capture, refund…), else the item's own pspReference.
 */
public final class AdyenNotificationMapper implements EventMapper {

    @Override
    public Mapping map(WebhookRequest request) {
        JsonNode notification = Payloads.parseObject(request.body());
        List<PaymentEvent> events = new ArrayList<>();
        List<String> unmappable = new ArrayList<>();
        int index = 0;
        for (JsonNode wrapper : notification.path("notificationItems")) {
            JsonNode item = wrapper.path("NotificationRequestItem");
            String eventCode = text(item, "/eventCode");
            String psp = text(item, "/pspReference");
            boolean success = "true".equalsIgnoreCase(text(item, "/success"));
            PaymentEventType type = type(eventCode, success);
            if (type == null || psp == null) {
                unmappable.add("notificationItems[" + index + "]: Adyen " + eventCode + " success=" + success
                        + (psp == null ? " without pspReference" : " is not a payment state change"));
            } else {
                String original = text(item, "/originalReference");
                String paymentId = original != null ? original : psp;
                String disputeId = text(item, "/additionalData/disputePspReference");
                events.add(new PaymentEvent(
                        psp + ":" + eventCode + ":" + success,
                        request.source(),
                        request.provider(),
                        eventCode,
                        type,
                        paymentId,
                        text(item, "/merchantReference"),
                        integer(item, "/amount/value"),
                        text(item, "/amount/currency"),
                        type == PaymentEventType.REFUNDED ? psp : null,
                        type.isDispute() ? (disputeId != null ? disputeId : psp) : null,
                        isCapture(eventCode) ? psp : null,
                        Payloads.instant(text(item, "/eventDate")),
                        request.receivedAt(),
                        item));
            }
            index++;
        }
        return new Mapping(events, unmappable);
    }

    /** A capture and its failure carry the capture's own pspReference; the payment's is originalReference. */
    private static boolean isCapture(String eventCode) {
        return "CAPTURE".equals(eventCode) || "CAPTURE_FAILED".equals(eventCode);
    }

    /**
     * A modification with success=false was refused and changed nothing, except an authorisation,
     * whose refusal is the payment failing (docs.adyen.com/development-resources/webhooks/webhook-types).
     */
    static PaymentEventType type(String eventCode, boolean success) {
        if (eventCode == null) {
            return null;
        }
        return switch (eventCode) {
            case "AUTHORISATION" -> success ? PaymentEventType.AUTHORIZED : PaymentEventType.FAILED;
            case "CAPTURE" -> success ? PaymentEventType.CAPTURED : null;
            // Sent after a successful CAPTURE when the scheme later rejects it: the money did not move
            // (docs.adyen.com/online-payments/capture#failed-capture). A failure of that capture id.
            case "CAPTURE_FAILED" -> PaymentEventType.FAILED;
            case "CANCELLATION", "TECHNICAL_CANCEL" -> success ? PaymentEventType.CANCELED : null;
            case "REFUND" -> success ? PaymentEventType.REFUNDED : null;
            case "NOTIFICATION_OF_CHARGEBACK", "REQUEST_FOR_INFORMATION" -> PaymentEventType.DISPUTE_OPENED;
            case "CHARGEBACK", "SECOND_CHARGEBACK", "PREARBITRATION_LOST" -> PaymentEventType.DISPUTE_LOST;
            case "CHARGEBACK_REVERSED", "PREARBITRATION_WON" -> PaymentEventType.DISPUTE_WON;
            default -> null;
        };
    }
}
