package dev.payhook.ingress.webhook;

import dev.payhook.common.QuarantinedWebhook;
import dev.payhook.ingress.IngressProperties;
import dev.payhook.ingress.PublishProblems;
import dev.payhook.ingress.warmup.IngressWarmup;
import dev.payhook.provider.Mapping;
import dev.payhook.provider.Provider;
import dev.payhook.provider.Verification;
import dev.payhook.provider.WebhookRequest;
import dev.payhook.provider.WebhookSources;
import dev.payhook.provider.WebhookSources.ConfiguredSource;
import dev.payhook.provider.publish.BrokerUnavailableException;
import dev.payhook.provider.publish.EventPublisher;
import dev.payhook.provider.publish.PublishFailedException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/{source}}: verify over the raw bytes, map, publish, and answer 2xx only
 * once the broker has acknowledged everything the request carried.
 */
@RestController
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    /** Credentials a provider never needs, and a quarantine record must not keep. */
    private static final List<String> UNKEPT_HEADERS = List.of("authorization", "cookie", "proxy-authorization");

    private final WebhookSources sources;
    private final EventPublisher publisher;
    private final WebhookMetrics metrics;
    private final IngressProperties properties;
    private final IngressWarmup warmup;

    WebhookController(
            WebhookSources sources,
            EventPublisher publisher,
            WebhookMetrics metrics,
            IngressProperties properties,
            IngressWarmup warmup) {
        this.sources = sources;
        this.warmup = warmup;
        this.publisher = publisher;
        this.metrics = metrics;
        this.properties = properties;
    }

    @PostMapping("/webhooks/{source}")
    ResponseEntity<?> receive(
            @PathVariable String source, @RequestHeader HttpHeaders headers, HttpServletRequest servletRequest) {
        Instant receivedAt = Instant.now();
        Optional<ConfiguredSource> found = sources.find(source);
        if (found.isEmpty()) {
            metrics.rejected("unknown", "unknown_source");
            return WebhookProblems.unknownSource(source);
        }
        return receive(found.get(), headers, servletRequest, receivedAt);
    }

    /**
     * The ingress's own requests while it warms up, before it reports ready ({@link IngressWarmup}):
     * the same work as above on the same stack, for a source only the warm-up knows, published to
     * its own topic. A path of its own keeps them out of the webhook endpoint's latency metrics;
     * outside the warm-up it knows no source at all.
     */
    @PostMapping(IngressWarmup.PATH)
    ResponseEntity<?> warmup(
            @PathVariable String source, @RequestHeader HttpHeaders headers, HttpServletRequest servletRequest) {
        Instant receivedAt = Instant.now();
        return warmup.source(source)
                .<ResponseEntity<?>>map(configured -> receive(configured, headers, servletRequest, receivedAt))
                .orElseGet(() -> WebhookProblems.unknownSource(source));
    }

    private ResponseEntity<?> receive(
            ConfiguredSource configured, HttpHeaders headers, HttpServletRequest servletRequest, Instant receivedAt) {
        String source = configured.name();
        Provider provider = configured.provider();

        long limit = properties.maxBodySize().toBytes();
        byte[] body;
        try {
            body = readBody(servletRequest, limit);
        } catch (IOException e) {
            metrics.rejected(source, "unreadable_body");
            return WebhookProblems.unreadableBody("The request body could not be read: " + e.getMessage());
        }
        if (body == null) {
            metrics.rejected(source, "payload_too_large");
            return WebhookProblems.payloadTooLarge(limit);
        }

        WebhookRequest request = new WebhookRequest(source, provider.name(), headers, body, receivedAt);
        if (provider.verifier().verify(request, configured.settings()) instanceof Verification.Rejected rejected) {
            metrics.rejected(source, rejected.reason().tag());
            log.info(
                    "rejected webhook on source {}: {} ({})",
                    source,
                    rejected.reason().tag(),
                    rejected.detail());
            return WebhookProblems.signatureRejected(rejected);
        }

        Mapping mapping =
                provider.map(request).inAccountByDefault(configured.settings().account());
        List<String> unmappable = new java.util.ArrayList<>(mapping.unmappable());
        EventPublisher.Outgoing events = publisher.serialize(mapping.events(), unmappable::add);
        QuarantinedWebhook quarantined = unmappable.isEmpty()
                ? null
                : QuarantinedWebhook.of(
                        source, provider.name(), String.join("; ", unmappable), receivedAt, keptHeaders(headers), body);
        try {
            publisher.publish(configured.topic(), events, mapping.announcements(), quarantined);
        } catch (BrokerUnavailableException e) {
            metrics.rejected(source, "broker_unavailable");
            log.warn("answering 503 on source {}: {}", source, e.getMessage());
            return PublishProblems.brokerUnavailable(properties.retryAfter());
        } catch (PublishFailedException e) {
            metrics.rejected(source, "publish_failed");
            log.error("answering 500 on source {}: the broker refused the write for good: {}", source, e.getMessage());
            return PublishProblems.publishFailed();
        }
        if (!configured.warmup()) {
            metrics.accepted(source, events.events().size());
        }
        if (quarantined != null) {
            metrics.quarantined(source);
            log.info("quarantined webhook on source {}: {}", source, quarantined.reason());
        }
        return provider.acknowledgement();
    }

    /** Reads at most {@code limit} bytes; null when the body is larger, decided before reading it all. */
    private static byte[] readBody(HttpServletRequest request, long limit) throws IOException {
        if (request.getContentLengthLong() > limit) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE));
            return body.length > limit ? null : body;
        }
    }

    private static Map<String, List<String>> keptHeaders(HttpHeaders headers) {
        return headers.headerSet().stream()
                .filter(e -> !UNKEPT_HEADERS.contains(e.getKey().toLowerCase(Locale.ROOT)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new));
    }
}
