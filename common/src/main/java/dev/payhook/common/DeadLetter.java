package dev.payhook.common;

import java.time.Instant;

/**
 * A record a consumer could not process and a retry would not fix, kept with where it came from
 * and why, so it can be inspected and re-published after a fix.
 *
 * @param value the record's value as UTF-8 text (invalid bytes replaced)
 */
public record DeadLetter(
        String topic,
        int partition,
        long offset,
        String key,
        String value,
        String error,
        Instant failedAt) {
}
