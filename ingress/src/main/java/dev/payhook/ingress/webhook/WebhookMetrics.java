package dev.payhook.ingress.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Accepted, quarantined and rejected webhooks by source. Tags stay bounded: an unknown source is
 * tagged {@code unknown}, never with the name an attacker put in the URL.
 */
@Component
public class WebhookMetrics {

    private final MeterRegistry meters;

    public WebhookMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void accepted(String source, int events) {
        Counter.builder("payhook.webhooks.accepted")
                .description("Webhook requests answered 2xx")
                .tag("source", source)
                .register(meters)
                .increment();
        Counter.builder("payhook.webhooks.events")
                .description("Canonical events published")
                .tag("source", source)
                .register(meters)
                .increment(events);
    }

    public void quarantined(String source) {
        Counter.builder("payhook.webhooks.quarantined")
                .description("Verified requests kept in quarantine")
                .tag("source", source)
                .register(meters)
                .increment();
    }

    public void rejected(String source, String reason) {
        Counter.builder("payhook.webhooks.rejected")
                .description("Webhook requests answered 4xx or 503")
                .tag("source", source)
                .tag("reason", reason)
                .register(meters)
                .increment();
    }
}
