package dev.payhook.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A record a consumer could not process and a retry would not fix, kept with where it came from
 * and why, so it can be inspected and re-published after a fix. The original stays on its topic
 * (topic, partition and offset say where); the dead letter keeps a bounded copy, so a dead letter
 * always fits in one record whatever it was about.
 *
 * @param value          the record's value as UTF-8 text (invalid bytes replaced), at most
 *                       {@value #MAX_VALUE_KEPT} characters
 * @param valueSha256    the SHA-256 of the value's bytes; null for a null value
 * @param valueSize      the value's size in bytes
 * @param valueTruncated whether {@code value} is only a prefix
 */
public record DeadLetter(
        String topic,
        int partition,
        long offset,
        String key,
        String value,
        String valueSha256,
        long valueSize,
        boolean valueTruncated,
        String error,
        Instant failedAt) {

    public static final int MAX_VALUE_KEPT = 64 * 1024;
    public static final int MAX_ERROR_LENGTH = 2_000;
    private static final int MAX_KEY_KEPT = 1_024;

    public static DeadLetter of(
            String topic, int partition, long offset, String key, byte[] value, Throwable error, Instant failedAt) {
        String text = value == null ? null : new String(value, StandardCharsets.UTF_8);
        boolean truncated = text != null && text.length() > MAX_VALUE_KEPT;
        String reason = error.getClass().getSimpleName() + ": " + error.getMessage();
        return new DeadLetter(
                topic,
                partition,
                offset,
                prefix(key, MAX_KEY_KEPT),
                truncated ? prefix(text, MAX_VALUE_KEPT) : text,
                value == null ? null : Sha256.hex(value),
                value == null ? 0 : value.length,
                truncated,
                prefix(reason, MAX_ERROR_LENGTH),
                failedAt);
    }

    private static String prefix(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }
}
