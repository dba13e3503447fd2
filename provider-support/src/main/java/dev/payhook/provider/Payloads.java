package dev.payhook.provider;

import dev.payhook.common.JsonSerde;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reading provider JSON leniently: a missing or oddly typed field is null, never an exception. */
public final class Payloads {

    private Payloads() {}

    /** The body as a JSON object, or null when it is not one. */
    public static JsonNode parseObject(byte[] body) {
        try {
            JsonNode node = JsonSerde.MAPPER.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The scalar at a JSON pointer ({@code /data/object/id}) as text, or null if absent or blank. */
    public static String text(JsonNode node, String pointer) {
        JsonNode value = node.at(pointer);
        if (value.isMissingNode() || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asString();
        return text.isBlank() ? null : text;
    }

    /**
     * The integer at a pointer, or null unless it is a JSON integer. {@code 15.00} in a minor-units
     * field is refused too: it almost always means a sender wrote major units.
     */
    public static Long integer(JsonNode node, String pointer) {
        JsonNode value = node.at(pointer);
        return value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : null;
    }

    /** An ISO-8601 instant or offset date-time, or null. */
    public static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /** Epoch seconds (Stripe's and Razorpay's {@code created}), or null. */
    public static Instant epochSeconds(Long seconds) {
        return seconds == null ? null : Instant.ofEpochSecond(seconds);
    }
}
