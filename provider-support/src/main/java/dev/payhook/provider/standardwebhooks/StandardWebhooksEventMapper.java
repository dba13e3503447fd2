package dev.payhook.provider.standardwebhooks;

import static dev.payhook.provider.Payloads.integer;
import static dev.payhook.provider.Payloads.text;

import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.provider.EventMapper;
import dev.payhook.provider.Mapping;
import dev.payhook.provider.Payloads;
import dev.payhook.provider.WebhookRequest;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * payhook's canonical payload in the Standard Webhooks envelope: the {@code type} is already a
 * canonical type and {@code data.amount} is in minor units. The event id is the
 * {@code webhook-id} header, which the spec keeps stable across retries of one message.
 */
public final class StandardWebhooksEventMapper implements EventMapper {

    @Override
    public Mapping map(WebhookRequest request) {
        JsonNode message = Payloads.parseObject(request.body());
        if (message == null) {
            return Mapping.unmappable("body is not a JSON object");
        }
        String typeName = text(message, "/type");
        Optional<PaymentEventType> type = PaymentEventType.fromWireName(typeName);
        if (type.isEmpty()) {
            return Mapping.unmappable("type " + typeName + " is not a canonical payment event type");
        }
        String paymentId = text(message, "/data/paymentId");
        if (paymentId == null) {
            return Mapping.unmappable("data.paymentId is missing");
        }
        JsonNode amount = message.at("/data/amount");
        if (!amount.isMissingNode() && !amount.isNull() && integer(message, "/data/amount") == null) {
            return Mapping.unmappable("data.amount must be an integer in minor units");
        }
        String eventId = StandardWebhooksVerifier.header(request, StandardWebhooksVerifier.ID);
        // A reversal names the refund it undoes in data.refundId; without one it undoes a refund of its amount.
        String refundId = type.get() == PaymentEventType.REFUNDED
                ? Optional.ofNullable(text(message, "/data/refundId")).orElse(eventId)
                : type.get() == PaymentEventType.REFUND_REVERSED ? text(message, "/data/refundId") : null;
        String disputeId = type.get().isDispute()
                ? Optional.ofNullable(text(message, "/data/disputeId")).orElse(paymentId)
                : null;
        return Mapping.of(PaymentEvent.of(eventId, type.get(), paymentId)
                .from(request.source(), request.provider(), typeName)
                .account(text(message, "/data/account"))
                .orderId(text(message, "/data/orderId"))
                .money(integer(message, "/data/amount"), text(message, "/data/currency"))
                .refundId(refundId)
                .disputeId(disputeId)
                // One of several captures names itself; a capture without an id is the payment's total.
                .captureId(type.get() == PaymentEventType.CAPTURED ? text(message, "/data/captureId") : null)
                .times(
                        Optional.ofNullable(Payloads.instant(text(message, "/timestamp")))
                                .orElse(request.receivedAt()),
                        request.receivedAt())
                .payload(message)
                .build());
    }
}
