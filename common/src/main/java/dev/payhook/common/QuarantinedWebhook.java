package dev.payhook.common;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A verified request that could not be mapped to a payment event, on
 * {@code payhook.webhooks.quarantine}. It keeps everything needed to map it again once the
 * mapping is fixed: the request's headers and its body exactly as received.
 */
public record QuarantinedWebhook(
        String source,
        String provider,
        String reason,
        Instant receivedAt,
        Map<String, List<String>> headers,
        String body) {
}
