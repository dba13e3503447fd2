package dev.payhook.collector.recovery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the recovery job did: events it found by polling and published (by source and trigger),
 * failed provider calls, and how far each source's checkpoint lags behind now. Whether a polled
 * event was news to payhook is the processor's to say: {@code payhook.processor.events.recovered}.
 */
final class RecoveryMetrics {

    private final MeterRegistry meters;
    private final Map<String, Instant> checkpoints = new ConcurrentHashMap<>();

    RecoveryMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void published(String source, String trigger, int events) {
        Counter.builder("payhook.recovery.events.published")
                .description("Events found by polling a provider and published to payhook.webhooks")
                .tag("source", source)
                .tag("trigger", trigger)
                .register(meters)
                .increment(events);
    }

    void apiError(String source) {
        Counter.builder("payhook.recovery.api.errors")
                .description("Provider API calls that failed (each attempt)")
                .tag("source", source)
                .register(meters)
                .increment();
    }

    void runFailed(String source) {
        Counter.builder("payhook.recovery.runs.failed")
                .description("Runs that gave up on a source after its attempts; its checkpoint stayed put")
                .tag("source", source)
                .register(meters)
                .increment();
    }

    void checkpoint(String source, Instant sweptUntil) {
        if (checkpoints.put(source, sweptUntil) == null) {
            Gauge.builder(
                            "payhook.recovery.checkpoint.lag",
                            checkpoints,
                            c -> Duration.between(c.get(source), Instant.now()).toMillis() / 1000.0)
                    .description("Seconds between now and where the source's sweep has reached")
                    .tag("source", source)
                    .baseUnit("seconds")
                    .register(meters);
        }
    }
}
