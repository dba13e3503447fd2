package dev.payhook.provider.generic;

import static dev.payhook.provider.Payloads.text;

import dev.payhook.common.JsonSerde;
import dev.payhook.common.Money;
import dev.payhook.common.PaymentEvent;
import dev.payhook.common.PaymentEventType;
import dev.payhook.common.Sha256;
import dev.payhook.provider.EventMapper;
import dev.payhook.provider.Mapping;
import dev.payhook.provider.Payloads;
import dev.payhook.provider.WebhookRequest;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seed documents' payload: {@code {"event":"payment.updated","data":{"paymentId","status",
 * "amount":100.00,"currency","orderId"}}} with the amount in major units. Without an {@code id},
 * the event id is a hash of the canonical content, so a redelivered body is still recognised.
 */
public final class GenericEventMapper implements EventMapper {

    /** Sorted keys: the same content hashes the same whatever order the sender wrote it in. */
    private static final JsonMapper CANONICAL = JsonSerde.MAPPER
            .rebuild()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    @Override
    public Mapping map(WebhookRequest request) {
        JsonNode message = Payloads.parseObject(request.body());
        if (message == null) {
            return Mapping.unmappable("body is not a JSON object");
        }
        String status = text(message, "/data/status");
        PaymentEventType type = type(status);
        if (type == null) {
            return Mapping.unmappable("data.status " + status + " is not one of pending, authorized, completed, "
                    + "failed, canceled, refunded");
        }
        String paymentId = text(message, "/data/paymentId");
        if (paymentId == null) {
            return Mapping.unmappable("data.paymentId is missing");
        }
        String currency = text(message, "/data/currency");
        JsonNode amount = message.at("/data/amount");
        Long minorUnits = null;
        if (amount.isNumber()) {
            if (currency == null) {
                return Mapping.unmappable("data.amount without data.currency");
            }
            minorUnits = Money.toMinorUnits(amount.decimalValue(), currency);
        }
        String eventId = Optional.ofNullable(text(message, "/id")).orElseGet(() -> contentHash(message));
        // The payload has no refund id: "refunded" is the status of a fully refunded payment.
        String refundId = type == PaymentEventType.REFUNDED
                ? Optional.ofNullable(text(message, "/data/refundId")).orElse(paymentId + ":full-refund")
                : null;
        String eventType = Optional.ofNullable(text(message, "/event")).orElse("payment.updated") + ":" + status;
        return Mapping.of(PaymentEvent.of(eventId, type, paymentId)
                .from(request.source(), request.provider(), eventType)
                .account(text(message, "/data/account"))
                .orderId(text(message, "/data/orderId"))
                .money(minorUnits, currency)
                .refundId(refundId)
                // A partial capture names itself (data.captureId); without one, the amount is the total captured.
                .captureId(type == PaymentEventType.CAPTURED ? text(message, "/data/captureId") : null)
                .times(
                        Optional.ofNullable(Payloads.instant(text(message, "/timestamp")))
                                .orElse(request.receivedAt()),
                        request.receivedAt())
                .payload(message)
                .build());
    }

    static PaymentEventType type(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "pending" -> PaymentEventType.CREATED;
            case "authorized" -> PaymentEventType.AUTHORIZED;
            case "completed" -> PaymentEventType.CAPTURED;
            case "failed" -> PaymentEventType.FAILED;
            case "canceled" -> PaymentEventType.CANCELED;
            case "refunded" -> PaymentEventType.REFUNDED;
            default -> null;
        };
    }

    static String contentHash(JsonNode message) {
        return "sha256:" + Sha256.hex(CANONICAL.writeValueAsBytes(message));
    }
}
