package dev.payhook.provider;

import dev.payhook.common.IsoInstants;
import dev.payhook.common.JsonSerde;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
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
        JsonNode value = node.at(compiled(pointer));
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
        JsonNode value = node.at(compiled(pointer));
        return value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : null;
    }

    /**
     * The pointer parsed once: {@code JsonNode.at(String)} parses it on every call, a sixth of a
     * webhook's mapping. Pointers are the mappers' own constants, so the cache stays small; it stops
     * growing at {@link #MAX_POINTERS} all the same.
     */
    private static JsonPointer compiled(String pointer) {
        JsonPointer cached = POINTERS.get(pointer);
        if (cached != null) {
            return cached;
        }
        JsonPointer parsed = JsonPointer.compile(pointer);
        if (POINTERS.size() < MAX_POINTERS) {
            POINTERS.putIfAbsent(pointer, parsed);
        }
        return parsed;
    }

    private static final int MAX_POINTERS = 1024;
    private static final Map<String, JsonPointer> POINTERS = new ConcurrentHashMap<>();

    /** An ISO-8601 instant or offset date-time, or null. */
    public static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        Instant plain = IsoInstants.parse(text);
        if (plain != null) {
            return plain;
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
