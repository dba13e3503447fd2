package dev.payhook.ingress.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Accepted, quarantined and rejected webhooks by source. Tags stay bounded: an unknown source is
 * tagged {@code unknown}, never with the name an attacker put in the URL. Each counter is built
 * once and kept: registering a meter on every request costs a registry lookup and its allocations
 * on the hot path.
 */
@Component
public class WebhookMetrics {

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void accepted(String source, int events) {
        counter("payhook.webhooks.accepted", "Webhook requests answered 2xx", source, null)
                .increment();
        counter("payhook.webhooks.events", "Canonical events published", source, null)
                .increment(events);
    }

    public void quarantined(String source) {
        counter("payhook.webhooks.quarantined", "Verified requests kept in quarantine", source, null)
                .increment();
    }

    public void rejected(String source, String reason) {
        counter("payhook.webhooks.rejected", "Webhook requests answered 4xx or 503", source, reason)
                .increment();
    }

    /** Sources are the configured ones (or {@code unknown}) and reasons a fixed set: the map stays small. */
    private Counter counter(String name, String description, String source, String reason) {
        return counters.computeIfAbsent(name + '|' + source + '|' + reason, key -> {
            Counter.Builder builder =
                    Counter.builder(name).description(description).tag("source", source);
            if (reason != null) {
                builder.tag("reason", reason);
            }
            return builder.register(meters);
        });
    }
}
