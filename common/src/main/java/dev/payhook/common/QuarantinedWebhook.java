package dev.payhook.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A verified request that could not be mapped to a payment event, on
 * {@code payhook.webhooks.quarantine}. It keeps everything needed to map it again once the
 * mapping is fixed: the request's headers and its body as received. A body too large for one
 * record keeps a prefix; its SHA-256 and size still say exactly what arrived.
 *
 * @param body          the body as UTF-8 text (invalid bytes replaced), whole unless {@code bodyTruncated}
 * @param bodySha256    the SHA-256 of the raw bytes received
 * @param bodySize      the number of raw bytes received
 * @param bodyTruncated whether {@code body} is only a prefix of what arrived
 */
public record QuarantinedWebhook(
        String source,
        String provider,
        String reason,
        Instant receivedAt,
        Map<String, List<String>> headers,
        String body,
        String bodySha256,
        long bodySize,
        boolean bodyTruncated) {

    /** Reasons are written for people; a generated reason of megabytes helps no one. */
    public static final int MAX_REASON_LENGTH = 2_000;

    public QuarantinedWebhook {
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH) + "…";
        }
    }

    public static QuarantinedWebhook of(
            String source,
            String provider,
            String reason,
            Instant receivedAt,
            Map<String, List<String>> headers,
            byte[] body) {
        return new QuarantinedWebhook(
                source,
                provider,
                reason,
                receivedAt,
                headers,
                new String(body, StandardCharsets.UTF_8),
                Sha256.hex(body),
                body.length,
                false);
    }

    /** The same quarantine with only the first {@code characters} of its body. */
    public QuarantinedWebhook withBodyPrefix(int characters) {
        if (characters >= body.length()) {
            return this;
        }
        // Never split a surrogate pair: the prefix must stay valid text.
        int end = Character.isHighSurrogate(body.charAt(Math.max(0, characters - 1))) ? characters - 1 : characters;
        return new QuarantinedWebhook(
                source,
                provider,
                reason,
                receivedAt,
                headers,
                body.substring(0, Math.max(0, end)),
                bodySha256,
                bodySize,
                true);
    }
}
