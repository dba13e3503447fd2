package dev.payhook.common;

import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads canonical events without their provider's raw payload, for a consumer that routes and applies
 * events but never reads it (the processor): the payload is skipped unparsed and reads as null.
 *
 * <p>The event as payhook writes it is read token by token with Jackson's streaming parser, field by
 * published name, with no bean machinery in between: a third less per event than the bean path
 * (BENCHMARKS.md, "Issue 34, session 21"). Anything else (a field it does not know, a token of another
 * kind than payhook writes, an instant in another form, trailing content, an event its constructor
 * refuses) is read again by the general reader, which decides it exactly as before: the same event, or
 * the same error.
 */
final class PaymentEventReader implements Deserializer<PaymentEvent> {

    private final JsonSerde<PaymentEvent> general =
            JsonSerde.of(PaymentEvent.class).ignoring(PaymentEvent.Wire.class, "payload");

    @Override
    public PaymentEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        PaymentEvent event;
        try {
            event = read(data);
        } catch (RuntimeException e) {
            event = null;
        }
        return event != null ? event : general.deserialize(topic, data);
    }

    /** The event, or null when it is not in the shape payhook writes. */
    static PaymentEvent read(byte[] data) {
        String eventId = null;
        String source = null;
        String provider = null;
        String providerEventType = null;
        String account = null;
        PaymentEventType type = null;
        String paymentId = null;
        String orderId = null;
        Long amount = null;
        String currency = null;
        String refundId = null;
        String disputeId = null;
        String captureId = null;
        Instant occurredAt = null;
        Instant receivedAt = null;
        String delivery = null;
        DisputeStage disputeStage = null;
        try (JsonParser parser = JsonSerde.MAPPER.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                if (name.equals("payload")) {
                    parser.skipChildren();
                    continue;
                }
                boolean isNull = token == JsonToken.VALUE_NULL;
                if (!isNull && token != JsonToken.VALUE_STRING && !(name.equals("amount") && isLong(parser))) {
                    // Not as payhook writes it (an object, an array, a number where text belongs); an unknown
                    // field of any shape is ignored by both readers, so the general one decides.
                    return null;
                }
                String text = isNull || token != JsonToken.VALUE_STRING ? null : parser.getString();
                switch (name) {
                    case "eventId" -> eventId = text;
                    case "source" -> source = text;
                    case "provider" -> provider = text;
                    case "providerEventType" -> providerEventType = text;
                    case "account" -> account = text;
                    case "type" -> type = isNull ? null : PaymentEventType.parse(text);
                    case "paymentId" -> paymentId = text;
                    case "orderId" -> orderId = text;
                    case "amount" -> {
                        if (!isNull && token == JsonToken.VALUE_STRING) {
                            return null;
                        }
                        amount = isNull ? null : parser.getLongValue();
                    }
                    case "currency" -> currency = text;
                    case "refundId" -> refundId = text;
                    case "disputeId" -> disputeId = text;
                    case "captureId" -> captureId = text;
                    case "occurredAt" -> occurredAt = isNull ? null : instant(text);
                    case "receivedAt" -> receivedAt = isNull ? null : instant(text);
                    case "delivery" -> delivery = text;
                    case "disputeStage" -> disputeStage = isNull ? null : DisputeStage.parse(text);
                    default -> {
                        return null;
                    }
                }
            }
            if (parser.nextToken() != null) {
                return null;
            }
        }
        return PaymentEvent.read(new PaymentEvent.Wire(
                eventId,
                source,
                provider,
                providerEventType,
                account,
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
                null,
                delivery,
                disputeStage));
    }

    private static boolean isLong(JsonParser parser) {
        return parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                && (parser.getNumberType() == JsonParser.NumberType.INT
                        || parser.getNumberType() == JsonParser.NumberType.LONG);
    }

    /** Payhook's own form; any other (which Jackson's reader may still take) throws, for the general reader. */
    private static Instant instant(String text) {
        Instant read = IsoInstants.parse(text);
        if (read == null) {
            throw new IllegalArgumentException("not payhook's instant form");
        }
        return read;
    }
}
